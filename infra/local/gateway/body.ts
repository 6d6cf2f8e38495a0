import type { IncomingMessage } from 'node:http';

/** The largest request body the API accepts; a larger one gets 413 before the function is called. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class TooLarge extends Error {}

/** Reads the body, counting bytes as they stream; stops at the limit without buffering the rest. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | null, value?: Buffer | null) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (err) reject(err);
      else resolve(value ?? null);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.pause();
        finish(new TooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(null, size === 0 ? null : Buffer.concat(chunks, size));
    const onError = (e: Error) => finish(e);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
