import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs. Never log bodies, tokens, names, phone numbers or message content. */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'bulk-text-registry',
});
