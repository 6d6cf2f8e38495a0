/**
 * The tables as plain data. CDK (infra/constructs/registry-tables.ts) and the local runtime
 * (CreateTable against DynamoDB Local) both build from this, so their keys and indexes cannot drift.
 *
 * Registry table access patterns (keys are built only in ./keys.ts):
 *  - reseller by brn                     PK=RESELLER#<brn>        SK=PROFILE
 *  - all resellers (registry snapshot)   GSI1 PK=RESELLERS        SK=<brn>
 *  - application by id                   PK=APP#<id>              SK=APP
 *  - applications by reseller            GSI2 PK=APPS#BRN#<brn>   SK=<submittedAt>#<id>
 *  - applications by status (work queue) GSI1 PK=APPS#STATUS#<s>  SK=<submittedAt>#<id>
 *  - all applications (newest last)      GSI3 PK=APPS             SK=<submittedAt>#<id>
 *  - change feed by sequence             PK=FEED                  SK=SEQ#<15-digit seq>
 *  - change feed head (last seq)         PK=FEED                  SK=HEAD
 *  - resellers in bad standing (sparse)  GSI3 PK=STANDING         SK=<since>#<brn>
 *  - resellers due for enforcement       GSI2 PK=DUE              SK=<dueAt>#<brn>  (sparse)
 *  - notifications sent to a reseller    PK=NOTIFY#<brn>          SK=<at>#<id>
 *  - notice (outbox item, one per relay)  PK=NOTICE#<id>            SK=NOTICE
 *  - notices of a sanction               GSI1 PK=NOTICES#SANCTION#<id>  SK=<relayId>
 *  - notices to a relay, in order        GSI2 PK=NOTICES#RELAY#<id>     SK=<seq>
 *  - undelivered notices (sparse)        GSI3 PK=OUTBOX#PENDING   SK=<createdAt>#<id>
 *  - spam case                           PK=CASE#<id>             SK=CASE
 *  - cases by status / by reseller / all GSI1 CASES#STATUS#<s>, GSI2 CASES#BRN#<brn>, GSI3 CASES  SK=<openedAt>#<id>
 *  - the one open case of a reseller     PK=CASEOPEN#<brn>        SK=LOCK
 *  - sanction                            PK=SANCTION#<id>         SK=SANCTION
 *  - sanctions of a reseller             GSI2 PK=SANCTIONS#BRN#<brn>  SK=<imposedAt>#<id>
 *  - inspection                         PK=INSPECTION#<id>       SK=INSPECTION
 *  - inspections by status / reseller / all  GSI1 INSPECTIONS#STATUS#<s>, GSI2 INSPECTIONS#BRN#<brn>,
 *                                        GSI3 INSPECTIONS   SK=<dueAt>#<id>
 *  - change report                      PK=CHANGE#<id>           SK=CHANGE
 *  - change reports by status / reseller GSI1 CHANGES#STATUS#<s>, GSI2 CHANGES#BRN#<brn>  SK=<reportedAt>#<id>
 *  - objection (id from its subject)     PK=OBJECTION#<id>        SK=OBJECTION
 *  - objections by status / reseller / all  GSI1 OBJECTIONS#STATUS#<s>, GSI2 OBJECTIONS#BRN#<brn>,
 *                                        GSI3 OBJECTIONS   SK=<filedAt>#<id>
 *  - certificate serial per year         PK=COUNTER               SK=CERTIFICATE#<year>
 *  - audit trail of an entity            PK=AUDIT#<entity>        SK=<at>#<id>   (append-only)
 *  - audit trail, all entities by time  GSI1 PK=AUDITLOG#<YYYY-MM>  SK=<at>#<entity>#<id>
 *  - relay operator                      PK=RELAY#<id>            SK=RELAY;  all: GSI1 PK=RELAYS
 *  - policy versions                     PK=POLICY                SK=V#<6-digit version>
 *  - spam report (idempotency marker)    PK=REPORT#<reportId>     SK=REPORT   (TTL expiresAt, ~400 days)
 *  - stream consumer progress            PK=STREAMPROGRESS#<consumer>  SK=FROM#<eventId>  (TTL expiresAt, 2 days)
 *  - first-sender code holder            PK=FSC#<code>            SK=FSC
 *  - monthly spam counters (10 shards)   PK=SPAMSTAT#<YYYY-MM>#<shard>  SK=RESELLER#<brn> | RELAY#<id> |
 *                                        CATEGORY#<c> | UNATTRIBUTED   (month in KST; sum shards on read)
 *  - hourly spam counters of a reseller  PK=SPAMHOUR#<brn>#<shard>  SK=<YYYY-MM-DDTHH> (UTC hour; TTL)
 *  - certificates/sanctions per month    PK=MONTHSTAT#<YYYY-MM>   SK=REGISTRY
 * The idempotency table is Powertools' layout (id, expiration TTL).
 */
export interface AttributeDef {
  name: string;
  type: 'S' | 'N';
}

export interface TableDefinition {
  /** Logical id; the physical name is stage/prefix dependent. */
  id: 'registry' | 'idempotency';
  partitionKey: AttributeDef;
  sortKey?: AttributeDef;
  globalSecondaryIndexes: { indexName: string; partitionKey: AttributeDef; sortKey?: AttributeDef }[];
  timeToLiveAttribute?: string;
  stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
}

const s = (name: string): AttributeDef => ({ name, type: 'S' });

export const registryTable: TableDefinition = {
  id: 'registry',
  partitionKey: s('PK'),
  sortKey: s('SK'),
  globalSecondaryIndexes: [
    { indexName: 'GSI1', partitionKey: s('GSI1PK'), sortKey: s('GSI1SK') },
    { indexName: 'GSI2', partitionKey: s('GSI2PK'), sortKey: s('GSI2SK') },
    { indexName: 'GSI3', partitionKey: s('GSI3PK'), sortKey: s('GSI3SK') },
  ],
  timeToLiveAttribute: 'expiresAt',
  // Outbox items (notices) leave through the stream (no dual writes: they commit with the change).
  stream: 'NEW_AND_OLD_IMAGES',
};

export const idempotencyTable: TableDefinition = {
  id: 'idempotency',
  partitionKey: s('id'),
  globalSecondaryIndexes: [],
  timeToLiveAttribute: 'expiration',
};

export const tableDefinitions = [registryTable, idempotencyTable] as const;
