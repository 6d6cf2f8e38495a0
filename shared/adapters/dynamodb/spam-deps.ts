import type { SpamDeps } from '../../domain/spam/ports.js';
import { cachedFirstSenderCodes, cachedPolicies } from '../cache.js';
import { compose, corePorts, lazily } from '../deps.js';
import { DynamoFirstSenderCodeRegistry } from './spam-codes.js';
import { DynamoSpamCounter } from './spam-counter.js';
import { DynamoSpamReportStore } from './spam-report-store.js';
import { DynamoSpamStatisticsRepository } from './spam-statistics.js';

/** The DynamoDB-backed spam ports (reports, counters, first-sender codes, statistics). */
export const spamStorePorts = lazily(
  (): Omit<SpamDeps, 'spamQueue'> => ({
    spamReports: new DynamoSpamReportStore(),
    spamCounter: new DynamoSpamCounter(),
    firstSenderCodes: new DynamoFirstSenderCodeRegistry(),
    spamStatistics: new DynamoSpamStatisticsRepository(),
  }),
);

/** The DynamoDB core plus the spam store: the code registry and statistics routes. */
export const spamStoreDeps = lazily(() => compose(corePorts(), spamStorePorts()));

/**
 * The intake's hot path (queue consumer, counting stream consumer): code → reseller answers and
 * policy versions read through short-lived in-memory caches.
 */
export const spamIntakeStoreDeps = lazily(() => {
  const core = corePorts();
  const spam = spamStorePorts();
  return compose(core, spam, {
    firstSenderCodes: cachedFirstSenderCodes(spam.firstSenderCodes),
    policies: cachedPolicies(core.policies),
  });
});
