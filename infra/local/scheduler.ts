import type { ScheduleDef } from '../../shared/topology.js';

/**
 * EventBridge Scheduler, locally: each schedule fires when the BUSINESS clock passes its next
 * cron instant. A clock moved months ahead fires a schedule once (the sweep catches up by
 * itself), not once per missed day; a clock moved back re-plans.
 */
const ZONE_OFFSET_MINUTES: Record<string, number> = { 'Asia/Seoul': 9 * 60, UTC: 0 };

/** Next instant strictly after `after` for `minute hour * * ? *` crons (the form this project uses). */
export function nextCronInstant(cron: string, timezone: string, after: Date): Date {
  const parts = cron.trim().split(/\s+/);
  const [minute, hour, dom, month, dow, year] = parts;
  if (
    parts.length !== 6 ||
    !/^\d{1,2}$/.test(minute!) ||
    !/^\d{1,2}$/.test(hour!) ||
    dom !== '*' ||
    month !== '*' ||
    dow !== '?' ||
    year !== '*'
  ) {
    throw new Error(`local scheduler supports only daily 'M H * * ? *' crons, not '${cron}'`);
  }
  const offset = ZONE_OFFSET_MINUTES[timezone];
  if (offset === undefined) throw new Error(`local scheduler does not know the time zone ${timezone}`);
  const local = new Date(after.getTime() + offset * 60_000);
  const candidate = Date.UTC(
    local.getUTCFullYear(),
    local.getUTCMonth(),
    local.getUTCDate(),
    Number(hour),
    Number(minute),
  );
  let next = candidate - offset * 60_000;
  while (next <= after.getTime()) next += 86_400_000;
  return new Date(next);
}

export interface LocalScheduler {
  /** Fires every schedule that is due now (also called on a timer). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startLocalScheduler(opts: {
  clock: { now(): Date; onChange?(listener: (from: Date, to: Date) => void): () => void };
  schedules: readonly ScheduleDef[];
  invoke: (fn: string, event: unknown) => Promise<unknown>;
  intervalMs?: number;
  onError?: (schedule: string, error: unknown) => void;
}): LocalScheduler {
  const plans = opts.schedules.map((s) => ({
    s,
    next: nextCronInstant(s.cron, s.timezone, opts.clock.now()),
  }));
  // Time moved back: plan from the new present, at once (a later forward move must still fire).
  const unsubscribe = opts.clock.onChange?.((from, to) => {
    if (to.getTime() < from.getTime()) {
      for (const plan of plans) plan.next = nextCronInstant(plan.s.cron, plan.s.timezone, to);
    }
  });
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= (async () => {
      const now = opts.clock.now();
      for (const plan of plans) {
        if (now.getTime() >= plan.next.getTime()) {
          plan.next = nextCronInstant(plan.s.cron, plan.s.timezone, now);
          // The same event shape EventBridge Scheduler delivers to a Lambda target.
          await opts
            .invoke(plan.s.function, {
              source: 'local.scheduler',
              schedule: plan.s.name,
              time: now.toISOString(),
            })
            .catch((e) => opts.onError?.(plan.s.name, e));
        }
      }
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void tick(), opts.intervalMs ?? 250);
  timer.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      unsubscribe?.();
      await running;
    },
  };
}
