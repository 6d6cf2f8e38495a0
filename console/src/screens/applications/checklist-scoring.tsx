import type { Schemas } from '../../api/client.js';
import { t } from '../../i18n/i18n.js';

type Checklist = Schemas['Checklist'];

/**
 * The checklist to score: each item met or failed, with the applicant's evidence beside it. The
 * failed items are what the API takes as `failedItems`.
 */
export function ChecklistScoring({
  checklist,
  evidence,
  failed,
  onChange,
  prefix,
}: {
  checklist: Checklist;
  evidence: Record<string, string>;
  failed: string[];
  onChange: (failed: string[]) => void;
  prefix: string;
}) {
  const total = checklist.items.length;
  return (
    <fieldset class="scoring">
      <legend>{t('review.score', { passed: total - failed.length, total })}</legend>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('apply.checklist')}</th>
            <th scope="col">{t('detail')}</th>
            <th scope="col">{t('review.failed')}</th>
          </tr>
        </thead>
        <tbody>
          {checklist.items.map((item) => {
            const id = `${prefix}-failed-${item.id.replace('.', '-')}`;
            return (
              <tr key={item.id}>
                <th scope="row">
                  {item.id} {item.title}
                </th>
                <td>{evidence[item.id] ?? '—'}</td>
                <td>
                  <input
                    id={id}
                    type="checkbox"
                    aria-label={`${item.id} ${t('review.failed')}`}
                    checked={failed.includes(item.id)}
                    onChange={(e) =>
                      onChange(
                        e.currentTarget.checked ? [...failed, item.id] : failed.filter((x) => x !== item.id),
                      )
                    }
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}

export const evidenceOf = (app: Schemas['ApplicationDetail']): Record<string, string> =>
  Object.fromEntries(app.submission.checklist.map((c) => [c.item, c.evidence]));
