import { describe, expect, it } from 'vitest';
import { nextCronInstant, startLocalScheduler } from '../../infra/local/scheduler.js';

describe('local scheduler', () => {
  it('plans a daily 00:00 Asia/Seoul cron at 15:00Z the day before', () => {
    expect(nextCronInstant('0 0 * * ? *', 'Asia/Seoul', new Date('2024-11-30T14:59:59Z')).toISOString()).toBe(
      '2024-11-30T15:00:00.000Z',
    );
    expect(nextCronInstant('0 0 * * ? *', 'Asia/Seoul', new Date('2024-11-30T15:00:00Z')).toISOString()).toBe(
      '2024-12-01T15:00:00.000Z',
    );
  });

  it('refuses cron forms it cannot honour rather than firing at the wrong time', () => {
    expect(() => nextCronInstant('0/5 * * * ? *', 'Asia/Seoul', new Date())).toThrow(/supports only/);
  });

  it('fires once when the clock jumps months ahead, and again after time moved back and forth', async () => {
    let now = new Date('2024-07-01T00:00:00Z');
    const listeners = new Set<(from: Date, to: Date) => void>();
    const clock = {
      now: () => now,
      onChange: (l: (from: Date, to: Date) => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
    const move = (iso: string) => {
      const from = now;
      now = new Date(iso);
      for (const l of listeners) l(from, now);
    };
    const fired: string[] = [];
    const scheduler = startLocalScheduler({
      clock,
      intervalMs: 60_000,
      schedules: [
        { name: 'daily', cron: '0 0 * * ? *', timezone: 'Asia/Seoul', function: 'sweep', description: '' },
      ],
      invoke: async (_fn, event) => {
        fired.push((event as { time: string }).time);
      },
    });
    await scheduler.tick();
    expect(fired).toEqual([]);
    move('2025-01-10T00:00:00Z');
    await scheduler.tick();
    await scheduler.tick();
    expect(fired).toEqual(['2025-01-10T00:00:00.000Z']);
    move('2024-11-01T00:00:00Z'); // back…
    move('2024-11-03T00:00:00Z'); // …and forward again before any tick
    await scheduler.tick();
    expect(fired).toEqual(['2025-01-10T00:00:00.000Z', '2024-11-03T00:00:00.000Z']);
    await scheduler.stop();
  });
});
