/** The business clock. Every deadline compares against it, never against Date.now() directly. */
export interface Clock {
  now(): Date;
}

export interface Ids {
  /** A new unique, sortable id with the given prefix (e.g. `app_01J...`). */
  next(prefix: string): string;
}
