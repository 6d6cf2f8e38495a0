import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * A relay operator's webhook endpoint, as a relay would run it: every notice is verified with
 * the Standard Webhooks library (not this project's signing code), and deliveries are counted by
 * `webhook-id` so a test can prove "exactly once". `npm start` runs one per seeded relay
 * (infra/local/local-relays.ts); the tests and the benchmarks start their own.
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

/**
 * One line per notice a receiver took or refused. Only the notice's type, reseller, status and id:
 * a notice carries no personal data, and the line never carries the body, headers or secret.
 */
export type ReceiverLogLine =
  | {
      level: 'INFO';
      msg: 'relay notice verified';
      relayId: string;
      type: string;
      brn: string;
      status: string;
      noticeId: string;
    }
  | { level: 'WARN'; msg: 'relay notice failed verification'; relayId: string };

export interface RelayReceiverOptions {
  /** false: bound but resetting every connection (a relay that is down) until `start()`. */
  listening?: boolean;
  /** Called once per notice verified (and answered 2xx) or refused. */
  log?: (line: ReceiverLogLine) => void;
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
export async function relayReceiver(
  relayId: string,
  listeningOrOptions: boolean | RelayReceiverOptions = true,
): Promise<RelayReceiver> {
  const options =
    typeof listeningOrOptions === 'boolean' ? { listening: listeningOrOptions } : listeningOrOptions;
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const verifier = new Webhook(secret);
  const counts = new Map<string, number>();
  let down = options.listening === false;
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
      options.log?.({ level: 'WARN', msg: 'relay notice failed verification', relayId });
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
    options.log?.({
      level: 'INFO',
      msg: 'relay notice verified',
      relayId,
      type: String(body.type),
      brn: String(body.brn),
      status: String(body.status),
      noticeId: String(body.noticeId ?? id),
    });
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
