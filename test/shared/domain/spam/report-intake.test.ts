import { describe, expect, it } from 'vitest';
import { QueueUnavailableError } from '../../../../shared/domain/spam/attribution.js';
import { submitSpamReports, validateSpamReports } from '../../../../shared/domain/spam/report-intake.js';
import { validateSpamReport } from '../../../../shared/schemas/spam.js';
import { fakeDeps } from '../../../support/fakes.js';
import { spamState } from '../../../support/fakes-spam.js';
import { spamReport } from '../../../support/spam-fixtures.js';

describe('spam report intake', () => {
  it('queues the valid rows and rejects each invalid row naming its fields', async () => {
    const deps = fakeDeps();
    const rows = [
      spamReport(0),
      spamReport(1, { category: 'CASINO' }),
      spamReport(2, { receivedAt: 'yesterday', contentDigest: 'md5:abc' }),
      spamReport(3, { firstSenderCode: undefined, relayId: undefined, senderNumber: undefined }),
      'not a report',
      spamReport(5),
    ];
    const result = await submitSpamReports(deps, rows, validateSpamReport);
    expect(result.accepted).toBe(2);
    expect(result.rejected).toEqual([
      { index: 1, reportId: 'KISA-00000001', errors: [{ path: 'category', message: expect.any(String) }] },
      {
        index: 2,
        reportId: 'KISA-00000002',
        errors: [
          { path: 'receivedAt', message: expect.any(String) },
          { path: 'contentDigest', message: 'must be sha256:<64 hex digits>' },
        ],
      },
      {
        index: 3,
        reportId: 'KISA-00000003',
        errors: [
          { path: 'firstSenderCode', message: 'one of firstSenderCode, relayId or senderNumber is required' },
        ],
      },
      { index: 4, errors: [{ path: '(root)', message: expect.any(String) }] },
    ]);
    expect(spamState(deps.store).enqueued).toEqual([
      [
        expect.objectContaining({ reportId: 'KISA-00000000' }),
        expect.objectContaining({ reportId: 'KISA-00000005' }),
      ],
    ]);
  });

  it('rejects a reportId repeated within one call', () => {
    const { valid, rejected } = validateSpamReports([spamReport(7), spamReport(7)], validateSpamReport);
    expect(valid).toHaveLength(1);
    expect(rejected).toEqual([
      {
        index: 1,
        reportId: 'KISA-00000007',
        errors: [{ path: 'reportId', message: 'repeats the reportId of reports[0] in this call' }],
      },
    ]);
  });

  it('queues nothing when every row is invalid', async () => {
    const deps = fakeDeps();
    const result = await submitSpamReports(deps, [{}, { reportId: 'x' }], validateSpamReport);
    expect(result.accepted).toBe(0);
    expect(result.rejected).toHaveLength(2);
    expect(spamState(deps.store).enqueued).toEqual([]);
  });

  it('reports nothing as accepted when the queue does not take the reports', async () => {
    const deps = fakeDeps();
    spamState(deps.store).failNextEnqueue = new QueueUnavailableError('down');
    await expect(submitSpamReports(deps, [spamReport(1)], validateSpamReport)).rejects.toBeInstanceOf(
      QueueUnavailableError,
    );
  });
});
