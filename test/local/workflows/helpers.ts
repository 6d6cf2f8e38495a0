import { readFileSync } from 'node:fs';
import {
  type LocalLambda,
  type LocalStateMachineSource,
  LocalStepFunctions,
} from '../../../infra/local/workflows/engine.js';

export const FIXTURES = new URL('../../fixtures/asl/', import.meta.url);

export function fixture(file: string): string {
  return readFileSync(new URL(file, FIXTURES), 'utf8');
}

export const lambdaArn = (name: string) => `arn:aws:lambda:ap-northeast-2:123456789012:function:${name}`;

/** A plain mutable business clock: time moves only when the test says so. */
export function fakeClock(start = '2024-06-01T00:00:00Z') {
  let at = Date.parse(start);
  return {
    now: () => new Date(at),
    set(instant: string) {
      at = Date.parse(instant);
    },
    advanceSeconds(seconds: number) {
      at += seconds * 1000;
    },
    advanceDays(days: number) {
      at += days * 86_400_000;
    },
  };
}

export type FakeClock = ReturnType<typeof fakeClock>;

/** An error as a Lambda would report it: `name` is the errorType the workflow matches on. */
export function namedError(name: string, message = name): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export function machine(file: string, substitutions: Record<string, string> = {}): LocalStateMachineSource {
  return { definition: fixture(file), substitutions };
}

export function engineWith(options: {
  clock: FakeClock;
  lambdas?: Record<string, LocalLambda>;
  stateMachines: Record<string, LocalStateMachineSource>;
}): LocalStepFunctions {
  return new LocalStepFunctions({
    clock: options.clock,
    lambdas: options.lambdas ?? {},
    stateMachines: options.stateMachines,
    tickIntervalMs: 0,
  });
}
