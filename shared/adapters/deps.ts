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
 * Composition. Each Lambda wires only the adapters it uses, so its bundle carries only the
 * clients it needs (a bundle with every AWS client would not meet the 400 KB bar): every function
 * gets the DynamoDB core; a handler adds e.g. `workflowPorts()` from adapters/sfn. A port that a
 * function did not wire fails loudly on first use instead of calling a service it has no grant for.
 */
export function compose(...parts: Partial<Deps>[]): Deps {
  const wired = Object.assign({}, ...parts) as Partial<Deps>;
  return new Proxy(wired, {
    get(target, key) {
      if (typeof key !== 'string' || key in target || key === 'then') return Reflect.get(target, key);
      throw new Error(`port '${key}' is not wired in this function; compose its adapters in the handler`);
    },
  }) as Deps;
}

let core: Partial<Deps> | undefined;

/** The DynamoDB-backed ports, the clock and ids: what every function has. */
export function corePorts(): Partial<Deps> {
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
  return core as Partial<Deps>;
}

let coreOnly: Deps | undefined;

export function coreDeps(): Deps {
  coreOnly ??= compose(corePorts());
  return coreOnly;
}
