/** A startup failure the CLI reports as one clear line (exit code 1), without a stack trace. */
export class LocalStartupError extends Error {
  constructor(
    readonly code:
      | 'JAVA_MISSING'
      | 'PORT_IN_USE'
      | 'DYNAMODB_START_FAILED'
      | 'RUNTIME_CONFLICT'
      | 'BAD_CONFIG',
    message: string,
  ) {
    super(message);
    this.name = 'LocalStartupError';
  }
}
