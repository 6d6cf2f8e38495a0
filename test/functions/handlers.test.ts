import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/local/paths.js';
import { compose, corePorts } from '../../shared/adapters/deps.js';
import { routeList } from '../../shared/http/routes.js';
import { schedules, stateMachines, taskFunctions } from '../../shared/topology.js';
import { testEnv } from '../support/events.js';

beforeAll(testEnv);

const functions = [
  ...new Set([
    ...routeList.map((r) => r.function),
    ...taskFunctions.map((f) => f.function),
    ...schedules.map((s) => s.function),
  ]),
];

describe('function modules', () => {
  // Loading a module is its cold start: an idempotent route without the idempotency runner, or a
  // bad wiring, throws here rather than on a client's first request.
  it.each(functions)('functions/%s/handler.ts loads and exports a handler', async (fn) => {
    const mod = (await import(join(repoRoot, 'functions', fn, 'handler.ts'))) as { handler?: unknown };
    expect(typeof mod.handler).toBe('function');
  });

  it('names every state machine task in the topology', () => {
    const tasks = new Set(taskFunctions.map((f) => f.function));
    for (const sm of stateMachines)
      for (const fn of Object.values(sm.functionArns)) expect(tasks).toContain(fn);
  });
});

describe('composition', () => {
  it('fails loudly when a function uses a port it did not wire', () => {
    const deps = compose(corePorts());
    expect(deps.resellers).toBeDefined();
    expect(() => deps.reviews).toThrow(/port 'reviews' is not wired/);
  });
});
