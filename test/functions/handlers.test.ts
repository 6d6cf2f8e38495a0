import { join } from 'node:path';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { repoRoot } from '../../infra/local/paths.js';
import { compose, corePorts } from '../../shared/adapters/deps.js';
import type { Deps } from '../../shared/domain/ports.js';
import { submitReview } from '../../shared/domain/review/human-decisions.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { routeList, routes } from '../../shared/http/routes.js';
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
  it('wires exactly the ports it is given, so an unwired port is a compile error', () => {
    const deps = compose(corePorts());
    expect(deps.resellers).toBeDefined();
    expect('reviews' in deps).toBe(false);
    expectTypeOf(deps).not.toHaveProperty('reviews');
    const withWorkflows = compose(corePorts(), { reviews: {} as Deps['reviews'] });
    expectTypeOf(withWorkflows).toHaveProperty('reviews');
  });

  it('refuses, at compile time, a route whose use case needs a port the function does not wire', () => {
    // The default ports are the DynamoDB core; submitting a review also signals the workflow.
    const build = () =>
      httpHandler(routes.reviewApplication, async ({ principal, params, body }, deps) => {
        // @ts-expect-error: 'reviews' is missing in the core ports
        await submitReview(deps, principal, params.applicationId, body);
        return { status: 200 };
      });
    expect(typeof build).toBe('function');
  });
});
