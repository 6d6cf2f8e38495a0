import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * A relay operator's webhook endpoint, as a relay would run it: every notice is verified with
 * the Standard Webhooks library (not this project's signing code), and deliveries are counted by
 * `webhook-id` so a test can prove "exactly once".
 */
export interface RelayReceiver {
  relayId: string;
  secret: string;
  url: string;
  port: number;
  /** Verified notices answered 2xx, in arrival order, with the wall time they arrived. */
  received: { id: string; body: Record<string, unknown>; at: number }[];
  /** Deliveries per webhook-id. */
  count(id: string): number;
  rejected: number;
  /** Answer 500 to this many verified requests first (a flaky relay). */
  failNext: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A receiver on its own port, bound at once and kept for its whole life (a port released and bound
 * again could be handed to another test process meanwhile). While `down`, it resets every
 * connection, as a relay whose service is down would; `start()` brings it up.
 */
export async function relayReceiver(relayId: string, listening = true): Promise<RelayReceiver> {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const verifier = new Webhook(secret);
  const counts = new Map<string, number>();
  let down = !listening;
  const server: Server = createServer(async (req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    try {
      body = verifier.verify(raw, req.headers as Record<string, string>) as Record<string, unknown>;
    } catch {
      receiver.rejected += 1;
      res.writeHead(400).end();
      return;
    }
    if (receiver.failNext > 0) {
      receiver.failNext -= 1;
      res.writeHead(500).end();
      return;
    }
    const id = String(req.headers['webhook-id']);
    counts.set(id, (counts.get(id) ?? 0) + 1);
    receiver.received.push({ id, body, at: Date.now() });
    res.writeHead(204).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  const receiver: RelayReceiver = {
    relayId,
    secret,
    port,
    url: `http://127.0.0.1:${port}/notices`,
    received: [],
    count: (id) => counts.get(id) ?? 0,
    rejected: 0,
    failNext: 0,
    async start() {
      down = false;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  return receiver;
}
