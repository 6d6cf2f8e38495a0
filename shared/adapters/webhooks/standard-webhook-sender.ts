import { Webhook } from 'standardwebhooks';
import type { WebhookRequest, WebhookResult, WebhookSender } from '../../domain/notices/ports.js';

/**
 * Sends a notice as a Standard Webhooks request (https://www.standardwebhooks.com): `webhook-id`
 * (the notice id, the same on every retry), `webhook-timestamp` (wall-clock seconds, never the
 * business clock: receivers reject stale timestamps), `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">`, signed by the `standardwebhooks` library. Redirects are not followed and
 * count as failures; the response body is never read or logged.
 */
export class StandardWebhookSender implements WebhookSender {
  constructor(private readonly timeoutMs = 5_000) {}

  async send(req: WebhookRequest): Promise<WebhookResult> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    const timestamp = new Date();
    const signature = new Webhook(req.secret).sign(req.id, timestamp, req.body);
    try {
      const res = await fetch(req.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'kcup-bulk-text-registry-notices/1',
          'webhook-id': req.id,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body: req.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, ms: ms() };
      return { ok: false, status: res.status, error: `HTTP ${res.status}`, ms: ms() };
    } catch (error) {
      return { ok: false, error: describe(error, this.timeoutMs), ms: ms() };
    }
  }
}

/** A failure as recorded on the notice: the kind of failure, never a URL, header or body. */
function describe(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; cause?: { code?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `timeout after ${timeoutMs} ms`;
  const code = e?.cause?.code ?? e?.cause?.name;
  return code ? `connection failed: ${code}` : `request failed: ${e?.name ?? 'Error'}`;
}
