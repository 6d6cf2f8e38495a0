/**
 * How long a test waits for something to happen before it gives up. Generous on purpose: a loaded
 * 2-core machine runs five times slower, and this limit only stops a test that would never pass
 * (tests never assert speed; `npm run bench` measures it).
 */
export const WAIT_MS = 300_000;

/** Polls until `check` passes (returns without throwing) or WAIT_MS is up; rethrows the last failure. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = WAIT_MS, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}
