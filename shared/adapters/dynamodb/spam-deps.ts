import type { Deps } from '../../domain/ports.js';
import type { SpamDeps } from '../../domain/spam-ports.js';
import { compose, corePorts } from '../deps.js';
import { DynamoFirstSenderCodeRegistry } from './spam-codes.js';
import { DynamoSpamReportStore } from './spam-report-store.js';
import { DynamoSpamStatisticsRepository } from './spam-statistics.js';

let ports: Omit<SpamDeps, 'spamQueue'> | undefined;

/** The DynamoDB-backed spam ports (reports and counters, first-sender codes, statistics). */
export function spamStorePorts(): Omit<SpamDeps, 'spamQueue'> {
  ports ??= {
    spamReports: new DynamoSpamReportStore(),
    firstSenderCodes: new DynamoFirstSenderCodeRegistry(),
    spamStatistics: new DynamoSpamStatisticsRepository(),
  };
  return ports;
}

let withSpam: Deps | undefined;

/** The DynamoDB core plus the spam store: the consumer, the code registry and statistics routes. */
export function spamStoreDeps(): Deps {
  withSpam ??= compose(corePorts(), spamStorePorts());
  return withSpam;
}
