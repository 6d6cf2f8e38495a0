/**
 * Bundling alias for `@smithy/core/event-streams` in Lambda bundles only. The clients the functions
 * call (DynamoDB, SQS, Step Functions, SNS, Secrets Manager) have no event-stream operations, yet
 * the SDK's protocol layer imports the event-stream codec (~14 KB minified) on a path they never
 * take; reaching it fails loudly instead.
 */
const unavailable = (): never => {
  throw new Error('event streams are not bundled in this function (infra/bundling/options.ts)');
};

export class EventStreamSerde {
  constructor() {
    unavailable();
  }
}

export const eventStreamSerdeProvider = unavailable;
export const resolveEventStreamSerdeConfig = unavailable;
