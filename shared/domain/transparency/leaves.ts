import type { ChangeEntry } from '../ports.js';

/**
 * What the transparency log records, one leaf per event: every change-feed entry and every
 * decision (application status changes including inspection results and committee decisions,
 * sanctions imposed and lifted, spam-case decisions). A leaf is canonical JSON (keys sorted,
 * UTF-8, no white space) of structured fields only: no names, contact data, accounts, reporters,
 * actors or free-text reasons, which could carry personal data.
 */
export type LeafRecord = { kind: string; brn: string } & Record<string, unknown>;

/** A leaf and the id of its source event: a redelivered event has the same id and is not appended again. */
export interface LogEvent {
  sourceId: string;
  leaf: LeafRecord;
  /** Set for change-feed entries: they are appended strictly in feed order. */
  seq?: number;
}

/** Canonical JSON: object keys sorted by code point, no insignificant white space, undefined dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number in a leaf');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function leafBytes(leaf: LeafRecord): Uint8Array {
  return Buffer.from(canonicalJson(leaf), 'utf8');
}

export const feedSourceId = (seq: number) => `feed:${seq}`;

export function changeEvent(c: ChangeEntry): LogEvent {
  return {
    sourceId: feedSourceId(c.seq),
    seq: c.seq,
    leaf: {
      kind: 'change',
      seq: c.seq,
      brn: c.brn,
      status: c.status,
      throttle: c.throttle,
      version: c.version,
      effectiveAt: c.effectiveAt,
      noticeType: c.noticeType,
      sanctionId: c.sanctionId,
      until: c.until,
    },
  };
}

type Image = Record<string, unknown> | undefined;

const str = (image: Image, key: string): string | undefined =>
  typeof image?.[key] === 'string' ? (image[key] as string) : undefined;

/**
 * The decision an item write records, if any: `entity` is the item type, `before`/`after` its
 * old and new images (plain values). Item revisions make the source ids unique per write.
 */
export function decisionEvent(entity: string, before: Image, after: Image): LogEvent | undefined {
  if (!after) return undefined;
  const revision = after.revision;
  const brn = str(after, 'brn');
  if (!brn || typeof revision !== 'number') return undefined;
  if (entity === 'application') {
    const from = str(before, 'status') ?? null;
    const to = str(after, 'status');
    if (!to || from === to) return undefined;
    const id = str(after, 'applicationId')!;
    return {
      sourceId: `application:${id}:${revision}`,
      leaf: {
        kind: from === 'INSPECTION' ? 'inspection.decided' : 'application.status',
        brn,
        applicationId: id,
        from,
        to,
        at: str(after, 'updatedAt'),
        certificateId: str(after, 'certificateId'),
      },
    };
  }
  if (entity === 'sanction') {
    const id = str(after, 'sanctionId')!;
    const base = { brn, sanctionId: id, type: str(after, 'type'), caseId: str(after, 'caseId') };
    if (!before) {
      return {
        sourceId: `sanction:${id}:${revision}`,
        leaf: {
          kind: 'sanction.imposed',
          ...base,
          from: str(after, 'from'),
          until: after.until ?? null,
          throttle: after.throttle,
          at: str(after, 'imposedAt'),
        },
      };
    }
    // An end decided by a person (a lift, a cancellation on objection) and a stay pausing it.
    for (const [field, kind] of [
      ['liftedAt', 'sanction.lifted'],
      ['cancelledAt', 'sanction.cancelled'],
      ['stayedAt', 'sanction.stayed'],
    ] as const) {
      if (!str(before, field) && str(after, field)) {
        return { sourceId: `sanction:${id}:${revision}`, leaf: { kind, ...base, at: str(after, field) } };
      }
    }
    return undefined;
  }
  if (entity === 'objection') {
    // The committee's decision (never the grounds: they are the reseller's own words).
    if (str(before, 'decidedAt') || !str(after, 'decidedAt')) return undefined;
    const id = str(after, 'objectionId')!;
    return {
      sourceId: `objection:${id}:${revision}`,
      leaf: {
        kind: 'objection.decided',
        brn,
        objectionId: id,
        decision: str(after, 'decision'),
        replacementSanctionId: str(after, 'replacementSanctionId'),
        at: str(after, 'decidedAt'),
      },
    };
  }
  if (entity === 'inspection') {
    const id = str(after, 'inspectionId')!;
    if (!str(before, 'result') && str(after, 'result')) {
      return {
        sourceId: `inspection:${id}:${revision}`,
        leaf: {
          kind: 'inspection.result',
          brn,
          inspectionId: id,
          result: str(after, 'result'),
          failedItems: after.failedItems,
          at: str(after, 'inspectedAt'),
        },
      };
    }
    if (!str(before, 'decision') && str(after, 'decision')) {
      return {
        sourceId: `inspection:${id}:${revision}`,
        leaf: {
          kind: 'inspection.decided',
          brn,
          inspectionId: id,
          decision: str(after, 'decision'),
          sanctionId: str(after, 'sanctionId'),
          at: str(after, 'updatedAt'),
        },
      };
    }
    return undefined;
  }
  if (entity === 'case') {
    const from = str(before, 'status');
    const to = str(after, 'status');
    if (from !== 'OPEN' || !to || to === 'OPEN') return undefined;
    const id = str(after, 'caseId')!;
    return {
      sourceId: `case:${id}:${revision}`,
      leaf: {
        kind: 'case.decided',
        brn,
        caseId: id,
        decision: str(after, 'decision'),
        sanctionId: str(after, 'sanctionId'),
        at: str(after, 'decidedAt'),
      },
    };
  }
  return undefined;
}

/** Item types whose writes the log writer reads (the stream filter). */
export const loggedEntities = [
  'change',
  'application',
  'sanction',
  'case',
  'objection',
  'inspection',
] as const;
