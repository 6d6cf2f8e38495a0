export interface AuditEntry {
  /** e.g. `reseller#2208162517`, `application#app_...`. */
  entity: string;
  at: string;
  actor: string;
  action: string;
  detail?: Record<string, unknown>;
}
