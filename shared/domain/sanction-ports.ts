/**
 * Ports of sanctions, notices to relays and relay settings (issue 5, enforcement side).
 * Fields added here join `Deps` (ports.ts) without touching it.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the sanctions capability
export interface SanctionDeps {}
