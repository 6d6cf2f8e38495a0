/** Every single-table key is built here and nowhere else (see table-definitions.ts for the patterns). */
const SEQ_WIDTH = 15;

/** The sparse pending-outbox index entry of an undelivered notice. */
const noticePendingIndex = (n: { noticeId: string; createdAt: string }) => ({
  GSI3PK: 'OUTBOX#PENDING',
  GSI3SK: `${n.createdAt}#${n.noticeId}`,
});

export const keys = {
  reseller: (brn: string) => ({ PK: `RESELLER#${brn}`, SK: 'PROFILE' }),
  resellerIndex: (brn: string) => ({ GSI1PK: 'RESELLERS', GSI1SK: brn }),
  /**
   * Sparse: only resellers revoked, suspended or closed, now or before, carry it (ghost screening).
   * Sorted by when the bad standing ended; `~` (after every digit) while it lasts, so a query for
   * "ended at or after the window's start" finds both.
   */
  standingIndex: (standing: { until?: string }, brn: string) => ({
    GSI3PK: 'STANDING',
    GSI3SK: `${standing.until ?? '~'}#${brn}`,
  }),
  standingPartition: 'STANDING',
  /** Sparse: resellers with a time-driven change ahead (the daily sweep's query). */
  dueIndex: (dueAt: string, brn: string) => ({ GSI2PK: 'DUE', GSI2SK: `${dueAt}#${brn}` }),
  duePartition: 'DUE',
  notification: (brn: string, at: string, id: string) => ({ PK: `NOTIFY#${brn}`, SK: `${at}#${id}` }),
  notificationMarker: (id: string) => ({ PK: `NOTIFICATION#${id}`, SK: 'SENT' }),
  certificateCounter: (year: number) => ({ PK: 'COUNTER', SK: `CERTIFICATE#${year}` }),
  application: (id: string) => ({ PK: `APP#${id}`, SK: 'APP' }),
  applicationIndexes: (a: { applicationId: string; brn: string; status: string; submittedAt: string }) => {
    const sort = `${a.submittedAt}#${a.applicationId}`;
    return {
      GSI1PK: `APPS#STATUS#${a.status}`,
      GSI1SK: sort,
      GSI2PK: `APPS#BRN#${a.brn}`,
      GSI2SK: sort,
      GSI3PK: 'APPS',
      GSI3SK: sort,
    };
  },
  applicationsByStatus: (status: string) => ({ index: 'GSI1', pk: 'GSI1PK', value: `APPS#STATUS#${status}` }),
  applicationsByBrn: (brn: string) => ({ index: 'GSI2', pk: 'GSI2PK', value: `APPS#BRN#${brn}` }),
  allApplications: () => ({ index: 'GSI3', pk: 'GSI3PK', value: 'APPS' }),
  feedHead: () => ({ PK: 'FEED', SK: 'HEAD' }),
  feedEntry: (seq: number) => ({ PK: 'FEED', SK: `SEQ#${String(seq).padStart(SEQ_WIDTH, '0')}` }),
  feedPartition: 'FEED',
  feedEntryPrefix: 'SEQ#',
  /**
   * An audit entry: by entity and time, and (GSI1, one partition per UTC month) every entity by
   * time, so the trail reads newest first without a scan. Written once, never updated.
   */
  audit: (entity: string, at: string, id: string) => ({
    PK: `AUDIT#${entity}`,
    SK: `${at}#${id}`,
    GSI1PK: `AUDITLOG#${at.slice(0, 7)}`,
    GSI1SK: `${at}#${entity}#${id}`,
  }),
  auditEntityPartition: (entity: string) => `AUDIT#${entity}`,
  auditMonthPartition: (month: string) => `AUDITLOG#${month}`,
  notice: (noticeId: string) => ({ PK: `NOTICE#${noticeId}`, SK: 'NOTICE' }),
  noticeId: (seq: number, relayId: string) => `ntc_${String(seq).padStart(12, '0')}_${relayId}`,
  noticeIndexes: (n: {
    noticeId: string;
    relayId: string;
    seq: number;
    sanctionId?: string;
    delivery: string;
    createdAt: string;
  }) => ({
    ...(n.sanctionId ? { GSI1PK: `NOTICES#SANCTION#${n.sanctionId}`, GSI1SK: n.relayId } : {}),
    GSI2PK: `NOTICES#RELAY#${n.relayId}`,
    GSI2SK: String(n.seq).padStart(15, '0'),
    // Sparse: only undelivered notices, so the sweep can re-drive what was left behind.
    ...(n.delivery === 'PENDING' ? noticePendingIndex(n) : {}),
  }),
  noticePendingIndex,
  /** Queries over the notice indexes (the sanctions capability: notice-repository.ts). */
  noticesBySanction: (sanctionId: string) => ({
    index: 'GSI1',
    pk: 'GSI1PK',
    value: `NOTICES#SANCTION#${sanctionId}`,
  }),
  noticesByRelay: (relayId: string) => ({
    index: 'GSI2',
    pk: 'GSI2PK',
    value: `NOTICES#RELAY#${relayId}`,
  }),
  noticesPending: () => ({ index: 'GSI3', pk: 'GSI3PK', sk: 'GSI3SK', value: 'OUTBOX#PENDING' }),
  spamCase: (caseId: string) => ({ PK: `CASE#${caseId}`, SK: 'CASE' }),
  caseIndexes: (c: { caseId: string; brn: string; status: string; openedAt: string }) => ({
    GSI1PK: `CASES#STATUS#${c.status}`,
    GSI1SK: `${c.openedAt}#${c.caseId}`,
    GSI2PK: `CASES#BRN#${c.brn}`,
    GSI2SK: `${c.openedAt}#${c.caseId}`,
    GSI3PK: 'CASES',
    GSI3SK: `${c.openedAt}#${c.caseId}`,
  }),
  /** At most one open case per reseller: this item exists while one is open. */
  openCaseLock: (brn: string) => ({ PK: `CASEOPEN#${brn}`, SK: 'LOCK' }),
  sanction: (sanctionId: string) => ({ PK: `SANCTION#${sanctionId}`, SK: 'SANCTION' }),
  sanctionIndexes: (x: { sanctionId: string; brn: string; imposedAt: string }) => ({
    GSI2PK: `SANCTIONS#BRN#${x.brn}`,
    GSI2SK: `${x.imposedAt}#${x.sanctionId}`,
  }),
  // ── the certificate's life after issuance (lifecycle-repositories.ts) ──
  inspection: (id: string) => ({ PK: `INSPECTION#${id}`, SK: 'INSPECTION' }),
  /** Work queues by status, by reseller and all, soonest due first. */
  inspectionIndexes: (i: { inspectionId: string; brn: string; status: string; dueAt: string }) => {
    const sort = `${i.dueAt}#${i.inspectionId}`;
    return {
      GSI1PK: `INSPECTIONS#STATUS#${i.status}`,
      GSI1SK: sort,
      GSI2PK: `INSPECTIONS#BRN#${i.brn}`,
      GSI2SK: sort,
      GSI3PK: 'INSPECTIONS',
      GSI3SK: sort,
    };
  },
  inspectionsByStatus: (status: string) => ({
    index: 'GSI1',
    pk: 'GSI1PK',
    sk: 'GSI1SK',
    value: `INSPECTIONS#STATUS#${status}`,
  }),
  inspectionsByBrn: (brn: string) => ({
    index: 'GSI2',
    pk: 'GSI2PK',
    sk: 'GSI2SK',
    value: `INSPECTIONS#BRN#${brn}`,
  }),
  allInspections: () => ({ index: 'GSI3', pk: 'GSI3PK', sk: 'GSI3SK', value: 'INSPECTIONS' }),
  changeReport: (id: string) => ({ PK: `CHANGE#${id}`, SK: 'CHANGE' }),
  /** A reseller's reports, newest first; the review queue by status, oldest first. */
  changeReportIndexes: (c: { changeReportId: string; brn: string; status: string; reportedAt: string }) => ({
    GSI1PK: `CHANGES#STATUS#${c.status}`,
    GSI1SK: `${c.reportedAt}#${c.changeReportId}`,
    GSI2PK: `CHANGES#BRN#${c.brn}`,
    GSI2SK: `${c.reportedAt}#${c.changeReportId}`,
    GSI3PK: 'CHANGES',
    GSI3SK: `${c.reportedAt}#${c.changeReportId}`,
  }),
  changeReportsByStatus: (status: string) => `CHANGES#STATUS#${status}`,
  changeReportsByBrn: (brn: string) => `CHANGES#BRN#${brn}`,
  /** Every reseller's change reports (the staff work queue). */
  allChangeReports: () => ({ index: 'GSI3', pk: 'GSI3PK', value: 'CHANGES' }),
  objection: (id: string) => ({ PK: `OBJECTION#${id}`, SK: 'OBJECTION' }),
  /** Newest first: by status, by reseller, all. */
  objectionIndexes: (o: { objectionId: string; brn: string; status: string; filedAt: string }) => ({
    GSI1PK: `OBJECTIONS#STATUS#${o.status}`,
    GSI1SK: `${o.filedAt}#${o.objectionId}`,
    GSI2PK: `OBJECTIONS#BRN#${o.brn}`,
    GSI2SK: `${o.filedAt}#${o.objectionId}`,
    GSI3PK: 'OBJECTIONS',
    GSI3SK: `${o.filedAt}#${o.objectionId}`,
  }),
  objectionsByStatus: (status: string) => ({
    index: 'GSI1',
    pk: 'GSI1PK',
    value: `OBJECTIONS#STATUS#${status}`,
  }),
  objectionsByBrn: (brn: string) => ({ index: 'GSI2', pk: 'GSI2PK', value: `OBJECTIONS#BRN#${brn}` }),
  allObjections: () => ({ index: 'GSI3', pk: 'GSI3PK', value: 'OBJECTIONS' }),
  relay: (relayId: string) => ({ PK: `RELAY#${relayId}`, SK: 'RELAY' }),
  relayIndex: (relayId: string) => ({ GSI1PK: 'RELAYS', GSI1SK: relayId }),
  policyVersion: (version: number) => ({ PK: 'POLICY', SK: `V#${String(version).padStart(6, '0')}` }),
  policyPartition: 'POLICY',
  // ── spam intake (shared/adapters/dynamodb/spam-*.ts) ──
  /** A report under its reportId: written again (a redelivery), it replaces itself. */
  spamReport: (reportId: string) => ({ PK: `REPORT#${reportId}`, SK: 'REPORT' }),
  /** How far a stream consumer got in a batch that comes back from the record `resumeAt` (an event id). */
  streamProgress: (consumer: string, resumeAt: string) => ({
    PK: `STREAMPROGRESS#${consumer}`,
    SK: `FROM#${resumeAt}`,
  }),
  /** Which reseller holds a first-sender identification code (one holder per code). */
  firstSenderCode: (code: string) => ({ PK: `FSC#${code}`, SK: 'FSC' }),
  /** Monthly report counters of one shard (month in KST); a month's totals sum the shards. */
  spamMonthPartition: (month: string, shard: number) => `SPAMSTAT#${month}#${shard}`,
  spamMonthCounter: (month: string, shard: number, dimension: string) => ({
    PK: `SPAMSTAT#${month}#${shard}`,
    SK: dimension,
  }),
  spamDimension: {
    reseller: (brn: string) => `RESELLER#${brn}`,
    relay: (relayId: string) => `RELAY#${relayId}`,
    category: (category: string) => `CATEGORY#${category}`,
    unattributed: 'UNATTRIBUTED',
  },
  /** Hourly report counters of one reseller and shard (the case window reads the last N hours). */
  spamHourPartition: (brn: string, shard: number) => `SPAMHOUR#${brn}#${shard}`,
  spamHourCounter: (brn: string, shard: number, hour: string) => ({
    PK: `SPAMHOUR#${brn}#${shard}`,
    SK: hour,
  }),
  // ── transparency log (shared/adapters/transparency/dynamo-log-store.ts) ──
  /** The tree state (size, right edge, last feed seq) and the latest signed checkpoint. */
  logState: () => ({ PK: 'LOG', SK: 'STATE' }),
  logCheckpoint: () => ({ PK: 'LOG', SK: 'CHECKPOINT' }),
  /** One partition per tile: hash `index` of level `level` (level 0: the leaf, with its entry). */
  logTileHash: (level: number, index: number) => ({
    PK: `LOGTILE#${level}#${Math.floor(index / 256)}`,
    SK: String(index % 256).padStart(3, '0'),
  }),
  logTilePartition: (level: number, tile: number) => `LOGTILE#${level}#${tile}`,
  /** Written once per appended event (conditional put): the idempotency marker and its leaf index. */
  logSource: (sourceId: string) => ({ PK: `LOGSRC#${sourceId}`, SK: 'LEAF' }),
  /** A counted run of the spam reports' change stream, by the sequence number it starts at. */
  spamCountMarker: (firstSequence: string) => ({ PK: `SPAMCOUNT#${firstSequence}`, SK: 'BATCH' }),
  /** Certificates issued and sanctions imposed in a month (KST). */
  registryMonthCounter: (month: string) => ({ PK: `MONTHSTAT#${month}`, SK: 'REGISTRY' }),
} as const;

/** Strips key and index attributes from a stored item, leaving the domain record. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  const { PK, SK, GSI1PK, GSI1SK, GSI2PK, GSI2SK, GSI3PK, GSI3SK, entity, ...rest } = item;
  return rest as T;
}
