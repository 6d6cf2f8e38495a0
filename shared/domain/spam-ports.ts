/**
 * Ports of spam intake, attribution, counting and statistics (issue 5, intake side).
 * Fields added here join `Deps` (ports.ts) without touching it.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the spam intake capability
export interface SpamDeps {}
