import type { Deps } from '../domain/ports.js';
import { businessClock, randomIds } from './clock.js';
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
import { sanctionAdapters } from './sanction-adapters.js';
import { SfnGraceWorkflow, SfnReviewWorkflow } from './sfn/review-workflow.js';
import { spamAdapters } from './spam-adapters.js';

let deps: Deps | undefined;

/** The composition root: production adapters, built once per execution environment. */
export function appDeps(): Deps {
  deps ??= {
    resellers: new DynamoResellerRepository(),
    applications: new DynamoApplicationRepository(),
    registry: new DynamoRegistryRepository(),
    relays: new DynamoRelayOperatorRepository(),
    policies: new DynamoPolicyRepository(),
    reviews: new SfnReviewWorkflow(),
    graces: new SfnGraceWorkflow(),
    notifier: new RecordingNotifier(),
    cases: new DynamoCaseRepository(),
    sanctions: new DynamoSanctionRepository(),
    ...spamAdapters(),
    ...sanctionAdapters(),
    clock: businessClock,
    ids: randomIds,
  };
  return deps as Deps;
}
