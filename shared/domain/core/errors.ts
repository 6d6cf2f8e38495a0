/**
 * Named domain errors. The HTTP layer maps each to a problem response in one place
 * (shared/http/problem.ts); anything else becomes a generic 500.
 */
export interface FieldError {
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly kind: 'validation' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that is well-formed JSON but breaks a rule the caller can fix (400). */
export class ValidationError extends DomainError {
  readonly kind = 'validation';
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly kind = 'unauthenticated';
}

/** The caller's role may not use this operation at all (403). */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}

/** Missing, or not the caller's: both answer 404 so nobody learns what others hold. */
export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
}

/** The state does not accept this operation now (409). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}

/** A conditional write lost a race (the repository raises it; surfaces as 409). */
export class ConcurrentUpdateError extends ConflictError {}

/** A reseller may have one open spam case at a time. */
export class OpenCaseExistsError extends ConflictError {}

/** The human step a decision was meant for is no longer waiting (decided, timed out, withdrawn). */
export class StepNotAwaitingError extends ConflictError {}

/**
 * The application reached an end (withdrawn, expired, decided) while its workflow still ran;
 * the workflow catches this by name and finishes quietly.
 */
export class ApplicationClosedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApplicationClosedError';
  }
}

/** A failure worth retrying (throttling, a network blip); the workflows retry it by name. */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/**
 * A dependency (storage, a queue, the workflow engine) that is unavailable for now: the caller may
 * retry (503 with Retry-After, in shared/http/problem.ts). `detail` tells the caller what happened
 * and how to retry; the message and cause are for the log.
 */
export class DependencyUnavailableError extends Error {
  readonly detail: string | undefined;
  constructor(message: string, options?: { cause?: unknown; detail?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.detail = options?.detail;
  }
}
