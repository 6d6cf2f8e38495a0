import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { MIN_COMPRESSION_BYTES } from '../../../shared/http/wire.js';

/** A function's proxy result onto the wire: headers merged as API Gateway merges them, gzip when asked. */

export function isProxyResult(x: unknown): x is APIGatewayProxyResult {
  return (
    typeof x === 'object' &&
    x !== null &&
    Number.isInteger((x as { statusCode?: unknown }).statusCode) &&
    (x as { statusCode: number }).statusCode >= 100 &&
    (x as { statusCode: number }).statusCode <= 599 &&
    ['string', 'undefined'].includes(typeof (x as { body?: unknown }).body)
  );
}

/**
 * A proxy result turned into what goes on the wire once (the method cache keeps this form): the headers as a
 * flat name, value list for `writeHead` (one pair per value), and the body as the text it was, so that the
 * status line, headers and body leave in one write.
 */
export interface PreparedResult {
  statusCode: number;
  /** The function's headers, without the ones the gateway sets itself (Vary, X-Amzn-RequestId). */
  headers: string[];
  /** With the function's own Vary, for a body the gateway does not encode. */
  headersWithVary: string[];
  body: Buffer;
  /** The body as text, when it was not base64. */
  text?: string;
  /** The function set Content-Encoding itself: the gateway does not encode again. */
  encoded: boolean;
  /** The gzipped body, made on the first request that takes gzip. */
  gzipped?: Buffer;
}

export function prepareResult(result: APIGatewayProxyResult): PreparedResult {
  const headers = new Map<string, { name: string; values: string[] }>();
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (value === undefined || value === null) continue;
    headers.set(name.toLowerCase(), { name, values: [String(value)] });
  }
  // Both given: merged; a key in multiValueHeaders takes its values from there (API Gateway's rule).
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    if (!Array.isArray(values)) continue;
    headers.set(name.toLowerCase(), { name, values: values.map(String) });
  }
  const body = result.isBase64Encoded
    ? Buffer.from(result.body ?? '', 'base64')
    : Buffer.from(result.body ?? '', 'utf8');
  if (!headers.has('content-type') && body.length > 0) {
    headers.set('content-type', { name: 'Content-Type', values: ['application/json'] });
  }
  headers.delete('content-length');
  headers.delete('transfer-encoding');
  headers.delete('x-amzn-requestid');
  const flat = (except?: string) => {
    const out: string[] = [];
    for (const [key, { name, values }] of headers) {
      if (key !== except) for (const value of values) out.push(name, value);
    }
    return out;
  };
  const prepared: PreparedResult = {
    statusCode: result.statusCode,
    headers: flat('vary'),
    headersWithVary: flat(),
    body,
    encoded: headers.has('content-encoding'),
  };
  if (!result.isBase64Encoded) prepared.text = result.body ?? '';
  return prepared;
}

/** Whether the client takes gzip (API Gateway encodes gzip and deflate; gzip is enough here). */
export function acceptsGzip(acceptEncoding: string | string[] | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  const value = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  return value.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (!q || Number(q.slice(2)) > 0);
  });
}

/**
 * Plays API Gateway's content encoding: a body of MIN_COMPRESSION_BYTES or more is gzipped when asked (and
 * varies by Accept-Encoding). The gateway's own headers replace the function's of the same name.
 */
export function writePrepared(
  res: ServerResponse,
  requestId: string,
  prepared: PreparedResult,
  acceptEncoding?: string | string[],
) {
  let body: Buffer | string = prepared.text ?? prepared.body;
  let length = prepared.body.length;
  let headers: string[];
  if (!prepared.encoded && length >= MIN_COMPRESSION_BYTES) {
    headers = [...prepared.headers, 'vary', 'accept-encoding'];
    if (acceptsGzip(acceptEncoding)) {
      prepared.gzipped ??= gzipSync(prepared.body, { level: 6 });
      body = prepared.gzipped;
      length = body.length;
      headers.push('content-encoding', 'gzip');
    }
  } else {
    headers = [...prepared.headersWithVary];
  }
  headers.push('content-length', String(length), 'x-amzn-requestid', requestId);
  res.writeHead(prepared.statusCode, headers);
  res.end(body);
}
