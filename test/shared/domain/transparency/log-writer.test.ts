import { describe, expect, it } from 'vitest';
import { MemoryTransparencyLogStore } from '../../../../shared/adapters/transparency/memory-log-store.js';
import type { ChangeEntry } from '../../../../shared/domain/ports.js';
import { changeEvent, decisionEvent, type LogEvent } from '../../../../shared/domain/transparency/leaves.js';
import { appendToLog, type LogWriterDeps } from '../../../../shared/domain/transparency/log-writer.js';
import { fakeNoteSigner, RecordingPublisher } from '../../../support/fakes-verifiable.js';

function change(seq: number): ChangeEntry {
  return {
    seq,
    brn: '2208162517',
    status: 'SUSPENDED',
    throttle: null,
    reason: 'transmission suspended: spam',
    effectiveAt: `2026-01-0${(seq % 9) + 1}T00:00:00.000Z`,
    version: seq,
    noticeType: 'reseller.suspended',
  };
}

function setup(feed: ChangeEntry[]) {
  const store = new MemoryTransparencyLogStore();
  const publisher = new RecordingPublisher();
  const deps: LogWriterDeps = {
    transparencyLog: store,
    logSigner: fakeNoteSigner(),
    logPublisher: publisher,
    logOrigin: 'registry.test/log',
    registry: { changes: async (after, limit) => feed.filter((c) => c.seq > after).slice(0, limit) },
  };
  return { store, publisher, deps };
}

const entries = (store: MemoryTransparencyLogStore) =>
  store.leaves.map((l) => JSON.parse(Buffer.from(l.entry).toString('utf8')) as Record<string, unknown>);

describe('the transparency log writer', () => {
  it('appends feed entries in seq order, filling any the batch skipped from the feed', async () => {
    const feed = [1, 2, 3, 4].map(change);
    const { store, deps } = setup(feed);
    await appendToLog(deps, [changeEvent(feed[3]!), changeEvent(feed[1]!)]);
    expect(entries(store).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('never appends a redelivered entry or decision twice', async () => {
    const feed = [1, 2].map(change);
    const { store, deps } = setup(feed);
    const sanction = decisionEvent('sanction', undefined, {
      sanctionId: 'san_1',
      brn: '2208162517',
      type: 'SUSPENSION',
      from: '2026-01-01T00:00:00.000Z',
      until: null,
      imposedAt: '2026-01-01T00:00:00.000Z',
      imposedBy: 'reviewer-sub',
      reason: 'free text',
      revision: 1,
    })!;
    const batch: LogEvent[] = [changeEvent(feed[0]!), sanction, changeEvent(feed[1]!)];
    await appendToLog(deps, batch);
    await appendToLog(deps, batch);
    await appendToLog(deps, [sanction, sanction]);
    expect(entries(store).map((e) => e.kind)).toEqual(['change', 'sanction.imposed', 'change']);
    expect(store.sources.get('feed:2')).toBe(2);
  });

  it('writes leaves as canonical JSON without actors or free text', async () => {
    const { store, deps } = setup([change(1)]);
    await appendToLog(deps, [changeEvent(change(1))]);
    const text = Buffer.from(store.leaves[0]!.entry).toString('utf8');
    expect(text).toBe(
      '{"brn":"2208162517","effectiveAt":"2026-01-02T00:00:00.000Z","kind":"change","noticeType":"reseller.suspended","seq":1,"status":"SUSPENDED","throttle":null,"version":1}',
    );
    const lifted = decisionEvent(
      'sanction',
      { liftedAt: undefined, revision: 1 },
      {
        sanctionId: 's',
        brn: '1',
        type: 'THROTTLE',
        liftedAt: 'x',
        liftedBy: 'who',
        liftReason: 'why',
        revision: 2,
      },
    );
    expect(JSON.stringify(lifted?.leaf)).not.toMatch(/who|why/);
  });

  it('records decisions: application status changes, inspections, case decisions; not other writes', () => {
    const app = (status: string, revision: number) => ({
      applicationId: 'app_1',
      brn: '2208162517',
      status,
      companyName: 'ACME',
      updatedAt: 'now',
      revision,
    });
    expect(
      decisionEvent('application', app('INSPECTION', 3), app('COMMITTEE_REVIEW', 4))?.leaf,
    ).toMatchObject({
      kind: 'inspection.decided',
      to: 'COMMITTEE_REVIEW',
    });
    expect(decisionEvent('application', app('INSPECTION', 3), app('INSPECTION', 4))).toBeUndefined();
    expect(JSON.stringify(decisionEvent('application', undefined, app('SUBMITTED', 1))?.leaf)).not.toContain(
      'ACME',
    );
    const c = (status: string, revision: number) => ({
      caseId: 'c1',
      brn: '1',
      status,
      revision,
      decision: 'CONFIRM',
    });
    expect(decisionEvent('case', c('OPEN', 1), c('CONFIRMED', 2))?.leaf.kind).toBe('case.decided');
    expect(decisionEvent('case', undefined, c('OPEN', 1))).toBeUndefined();
  });

  it('publishes a signed checkpoint after the tiles it needs', async () => {
    const feed = Array.from({ length: 300 }, (_, i) => change(i + 1));
    const { publisher, deps } = setup(feed);
    await appendToLog(deps, [changeEvent(feed[299]!)]);
    const paths = [...publisher.objects.keys()];
    expect(paths).toEqual(
      expect.arrayContaining([
        'checkpoint',
        'tile/0/000',
        'tile/0/001.p/44',
        'tile/entries/000',
        'tile/1/000.p/1',
      ]),
    );
    expect(Buffer.from(publisher.objects.get('checkpoint')!.body).toString()).toMatch(
      /^registry\.test\/log\n300\n/,
    );
  });
});
