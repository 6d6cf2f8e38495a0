import { describe, expect, it } from 'vitest';
import { decisionEvent } from '../../../../shared/domain/transparency/leaves.js';

describe('decision leaves of the certificate lifecycle', () => {
  it('logs an objection decision once, with no grounds or other personal text', () => {
    const before = {
      objectionId: 'obj_1',
      brn: '2208162517',
      status: 'FILED',
      grounds: 'our CEO Hong says…',
      revision: 2,
    };
    const after = {
      ...before,
      status: 'CANCELLED',
      decision: 'CANCEL',
      decidedAt: '2026-05-01T00:00:00.000Z',
      revision: 3,
    };
    const event = decisionEvent('objection', before, after);
    expect(event).toEqual({
      sourceId: 'objection:obj_1:3',
      leaf: {
        kind: 'objection.decided',
        brn: '2208162517',
        objectionId: 'obj_1',
        decision: 'CANCEL',
        replacementSanctionId: undefined,
        at: '2026-05-01T00:00:00.000Z',
      },
    });
    expect(JSON.stringify(event)).not.toContain('Hong');
    // A later write of the decided objection (an assignee, say) is not a new decision.
    expect(decisionEvent('objection', after, { ...after, revision: 4 })).toBeUndefined();
  });

  it('logs an inspection result and a committee decision on it', () => {
    const open = { inspectionId: 'ins_1', brn: '2208162517', status: 'OPEN', revision: 2 };
    const failed = {
      ...open,
      status: 'FAILED',
      result: 'FAIL',
      inspectedAt: '2026-03-01T00:00:00.000Z',
      revision: 3,
    };
    expect(decisionEvent('inspection', open, failed)?.leaf).toMatchObject({
      kind: 'inspection.result',
      inspectionId: 'ins_1',
      result: 'FAIL',
      at: '2026-03-01T00:00:00.000Z',
    });
    const decided = {
      ...failed,
      status: 'COMMITTEE',
      decision: 'SUSPEND',
      sanctionId: 'snc_9',
      updatedAt: '2026-04-01T00:00:00.000Z',
      revision: 4,
    };
    expect(decisionEvent('inspection', failed, decided)?.leaf).toMatchObject({
      kind: 'inspection.decided',
      decision: 'SUSPEND',
      sanctionId: 'snc_9',
    });
  });

  it('logs a sanction stayed and a sanction cancelled', () => {
    const s = { sanctionId: 'snc_1', brn: '2208162517', type: 'SUSPENSION', revision: 1 };
    expect(
      decisionEvent('sanction', s, { ...s, stayedAt: '2026-05-02T00:00:00.000Z', revision: 2 })?.leaf,
    ).toMatchObject({
      kind: 'sanction.stayed',
      at: '2026-05-02T00:00:00.000Z',
    });
    expect(
      decisionEvent('sanction', s, { ...s, cancelledAt: '2026-05-03T00:00:00.000Z', revision: 2 })?.leaf,
    ).toMatchObject({
      kind: 'sanction.cancelled',
      at: '2026-05-03T00:00:00.000Z',
    });
  });
});
