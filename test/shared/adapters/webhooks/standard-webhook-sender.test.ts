import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StandardWebhookSender } from '../../../../shared/adapters/webhooks/standard-webhook-sender.js';

const SECRET = `whsec_${Buffer.alloc(32, 4).toString('base64')}`;
let mode: 'ok' | 'slow' | 'redirect' | 'error' = 'ok';
const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
      // Never answers (until the server closes): the sender's timeout is certain whatever the machine's speed.
      if (mode === 'slow') return;
      if (mode === 'redirect')
        return void res.writeHead(302, { location: 'https://elsewhere.example/' }).end();
      if (mode === 'error') return void res.writeHead(500).end('internal details');
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(r);
    }),
);

describe('StandardWebhookSender', () => {
  it('sends webhook-id, a wall-clock webhook-timestamp and a v1 signature that the library verifies', async () => {
    mode = 'ok';
    const body = JSON.stringify({ type: 'reseller.suspended', noticeId: 'ntc_1_kt' });
    const result = await new StandardWebhookSender().send({
      url: `${base}/n`,
      secret: SECRET,
      id: 'ntc_1_kt',
      body,
    });
    expect(result).toMatchObject({ ok: true, status: 200 });
    const { headers, body: received } = seen.at(-1)!;
    expect(headers['webhook-id']).toBe('ntc_1_kt');
    expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(headers['content-type']).toBe('application/json');
    expect(new Webhook(SECRET).verify(received, headers as Record<string, string>)).toEqual(JSON.parse(body));
  });

  it('reports a non-2xx status, a redirect (not followed), a timeout and a refused connection as failures', async () => {
    const sender = new StandardWebhookSender(60_000);
    const send = (url = `${base}/n`, via = sender) => via.send({ url, secret: SECRET, id: 'x', body: '{}' });
    mode = 'error';
    expect(await send()).toMatchObject({ ok: false, status: 500, error: 'HTTP 500' });
    mode = 'redirect';
    expect(await send()).toMatchObject({ ok: false, status: 302, error: 'HTTP 302' });
    mode = 'slow';
    expect(await send(undefined, new StandardWebhookSender(200))).toMatchObject({
      ok: false,
      error: 'timeout after 200 ms',
    });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const { port } = closed.address() as AddressInfo;
    await new Promise((r) => closed.close(r));
    expect(await send(`http://127.0.0.1:${port}/n`)).toMatchObject({
      ok: false,
      error: 'connection failed: ECONNREFUSED',
    });
  });
});
