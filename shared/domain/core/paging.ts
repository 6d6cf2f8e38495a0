/** A page of a list and the request for one; `nextCursor` is opaque to callers. */
/** Ports the domain talks through; DynamoDB adapters implement them, unit tests pass fakes. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}
