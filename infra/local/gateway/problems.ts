import type { ServerResponse } from 'node:http';
import { problem } from '../../../shared/http/problem.js';

/** The gateway's own answers (API Gateway's gateway responses), as problem+json. */

const EXTRA_TITLES: Record<number, [string, string]> = {
  405: ['Method Not Allowed', 'method-not-allowed'],
  502: ['Bad Gateway', 'bad-gateway'],
  503: ['Service Unavailable', 'unavailable'],
  504: ['Gateway Timeout', 'gateway-timeout'],
};

export function gatewayProblem(status: number, detail: string) {
  const p = problem(status, detail);
  const extra = EXTRA_TITLES[status];
  if (extra && p.title === 'Error') {
    p.title = extra[0];
    p.type = p.type.replace(/[^/]+$/, extra[1]);
  }
  return p;
}

export function sendProblem(
  res: ServerResponse,
  requestId: string,
  status: number,
  detail: string,
  headers: Record<string, string> = {},
) {
  const body = Buffer.from(JSON.stringify(gatewayProblem(status, detail)));
  res.writeHead(status, {
    'content-type': 'application/problem+json',
    'content-length': body.length,
    'x-amzn-requestid': requestId,
    ...headers,
  });
  res.end(body);
}
