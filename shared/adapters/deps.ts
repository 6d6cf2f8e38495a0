import type { Deps } from '../domain/ports.js';
import { businessClock, randomIds } from './clock.js';
import { DynamoAuditRepository } from './dynamodb/audit-repository.js';
import {
  DynamoChangeReportRepository,
  DynamoInspectionRepository,
  DynamoObjectionRepository,
} from './dynamodb/lifecycle-repositories.js';
import { RecordingNotifier } from './dynamodb/notifier.js';
import { DynamoPolicyRepository } from './dynamodb/policy-repository.js';
import {
  DynamoApplicationRepository,
  DynamoCaseRepository,
  DynamoRegistryRepository,
  DynamoResellerRepository,
  DynamoSanctionRepository,
} from './dynamodb/registry-repository.js';
import { DynamoRelayOperatorRepository } from './dynamodb/relay-repository.js';

/**
 * Composition. Each Lambda wires only the adapters it uses, so its bundle carries only the clients
 * it needs: every function gets the DynamoDB core; a handler adds e.g. `workflowPorts()` from
 * adapters/sfn. The result's type is exactly the ports wired, and each use case names the ports it
 * uses (`Pick<Deps, ...>`), so a port a function did not wire is a compile error, not a run-time one.
 */
export function compose<P extends readonly object[]>(...parts: P): Composed<P> {
  return Object.assign({}, ...parts) as Composed<P>;
}

/** The intersection of every part's ports. */
export type Composed<P extends readonly unknown[]> = P extends readonly [infer Head, ...infer Rest]
  ? Head & Composed<Rest>
  : unknown;

/** The ports every function has: the DynamoDB repositories, the clock and ids. */
export type CorePorts = Pick<
  Deps,
  | 'resellers'
  | 'applications'
  | 'registry'
  | 'relays'
  | 'policies'
  | 'notifier'
  | 'cases'
  | 'sanctions'
  | 'audits'
  | 'inspections'
  | 'changeReports'
  | 'objections'
  | 'clock'
  | 'ids'
>;

let core: CorePorts | undefined;

/** The DynamoDB-backed ports, the clock and ids: what every function has. */
export function corePorts(): CorePorts {
  core ??= {
    resellers: new DynamoResellerRepository(),
    applications: new DynamoApplicationRepository(),
    registry: new DynamoRegistryRepository(),
    relays: new DynamoRelayOperatorRepository(),
    policies: new DynamoPolicyRepository(),
    notifier: new RecordingNotifier(),
    cases: new DynamoCaseRepository(),
    sanctions: new DynamoSanctionRepository(),
    audits: new DynamoAuditRepository(),
    inspections: new DynamoInspectionRepository(),
    changeReports: new DynamoChangeReportRepository(),
    objections: new DynamoObjectionRepository(),
    clock: businessClock,
    ids: randomIds,
  };
  return core;
}

/** The core alone: the default of HTTP and task handlers. */
export const coreDeps: () => CorePorts = corePorts;

/** Builds a function's ports once, on first use (at cold start, outside any request's budget). */
export function lazily<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => {
    built ??= build();
    return built;
  };
}
