import { allReceived, brn, direct, latencyTable, sleep, withTenRelays } from './fan-out.js';

/**
 * Time-driven change → 10 relays: the business clock passes the end of a reseller's suspension and
 * the bench measures, from the clock move, until the tenth relay receiver has verified its
 * `reseller.reinstated` notice (the reseller's one-time trigger fires → the change is committed at
 * its instant → stream → fan-out queue → signed webhook). Baseline in the same run: this process
 * signing and POSTing one notice to the same ten receivers.
 */
const RUNS = 5;
const WARMUP = 1;
const BAR_MS = 5_000;
const BUSINESS_TIME = '2024-07-01T00:00:00Z';
/** Run i's suspension ends at this instant plus i hours (each a separate instant). */
const FIRST_END = Date.parse('2024-08-01T05:00:00Z');

export async function benchTimeDriven(): Promise<{ medianMs: number; maxMs: number; ratio: number }> {
  return withTenRelays(async ({ call, receivers }) => {
    await call('POST', '/_local/clock', { role: 'admin' }, { set: BUSINESS_TIME });
    const targets = Array.from({ length: WARMUP + RUNS }, (_, i) => brn(500 + i));
    const ends = targets.map((_, i) => new Date(FIRST_END + i * 3_600_000).toISOString());
    await call(
      'POST',
      '/v1/admin/existing-resellers',
      { role: 'admin' },
      targets.map((b, i) => ({
        brn: b,
        companyName: `Bench Timed ${i}`,
        registeredAt: '2020-01-01T00:00:00Z',
      })),
    );
    for (const [i, target] of targets.entries()) {
      await call(
        'POST',
        `/v1/resellers/${target}/sanctions`,
        { role: 'reviewer' },
        {
          type: 'SUSPENSION',
          until: ends[i],
          reason: 'benchmark: time-driven change',
        },
      );
      await allReceived(receivers, (n) => n.body.brn === target && n.body.type === 'reseller.suspended');
    }
    // Let the triggers be planned (the planner reads the same stream) and the traffic settle.
    await sleep(1_500);

    const registry: number[] = [];
    const baseline: number[] = [];
    for (let run = -WARMUP; run < RUNS; run++) {
      const i = run + WARMUP;
      const started = Date.now();
      await call(
        'POST',
        '/_local/clock',
        { role: 'admin' },
        { set: new Date(Date.parse(ends[i]!) + 1_000).toISOString() },
      );
      const notices = await allReceived(
        receivers,
        (n) =>
          n.body.brn === targets[i] &&
          n.body.type === 'reseller.reinstated' &&
          n.body.effectiveAt === ends[i],
      );
      const viaClock = Math.max(...notices.map((n) => n.at)) - started;
      await sleep(200);
      const bare = await direct(receivers, 1_000 + run);
      await sleep(200);
      if (run < 0) continue;
      registry.push(viaClock);
      baseline.push(bare);
    }
    const rejected = receivers.reduce((n, r) => n + r.rejected, 0);
    if (rejected > 0) throw new Error(`${rejected} deliveries failed verification`);
    const { medianMs, maxMs, ratio } = latencyTable(
      `Time-driven change: clock passes a suspension's end → 10th relay verified reseller.reinstated (${RUNS} runs; bar: ≤ ${BAR_MS / 1000} s)`,
      'registry: trigger → commit at instant → stream → queue → webhook',
      registry,
      baseline,
    );
    return { medianMs, maxMs, ratio };
  });
}
