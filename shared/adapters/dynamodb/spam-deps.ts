import type { SpamDeps } from '../../domain/spam/ports.js';
import { cachedFirstSenderCodes, cachedPolicies } from '../cache.js';
import { type CorePorts, compose, corePorts } from '../deps.js';
import { DynamoFirstSenderCodeRegistry } from './spam-codes.js';
import { DynamoSpamCounter } from './spam-counter.js';
import { DynamoSpamReportStore } from './spam-report-store.js';
import { DynamoSpamStatisticsRepository } from './spam-statistics.js';

let ports: Omit<SpamDeps, 'spamQueue'> | undefined;

/** The DynamoDB-backed spam ports (reports, counters, first-sender codes, statistics). */
export function spamStorePorts(): Omit<SpamDeps, 'spamQueue'> {
  ports ??= {
    spamReports: new DynamoSpamReportStore(),
    spamCounter: new DynamoSpamCounter(),
    firstSenderCodes: new DynamoFirstSenderCodeRegistry(),
    spamStatistics: new DynamoSpamStatisticsRepository(),
  };
  return ports;
}

type SpamStoreDeps = CorePorts & Omit<SpamDeps, 'spamQueue'>;
let withSpam: SpamStoreDeps | undefined;

/** The DynamoDB core plus the spam store: the code registry and statistics routes. */
export function spamStoreDeps(): SpamStoreDeps {
  withSpam ??= compose(corePorts(), spamStorePorts());
  return withSpam;
}

let hot: SpamStoreDeps | undefined;

/**
 * The intake's hot path (queue consumer, counting stream consumer): code → reseller answers and
 * policy versions read through short-lived in-memory caches.
 */
export function spamIntakeStoreDeps(): SpamStoreDeps {
  if (!hot) {
    const core = corePorts();
    const spam = spamStorePorts();
    hot = compose(core, spam, {
      firstSenderCodes: cachedFirstSenderCodes(spam.firstSenderCodes),
      policies: cachedPolicies(core.policies),
    });
  }
  return hot;
}
