import { useState } from 'preact/hooks';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { t } from '../../i18n/i18n.js';
import { useAction } from '../../ui/hooks.js';
import { described, Field, ProblemAlert, Section } from '../../ui/widgets.js';

/** The answer to a supplement request: new evidence for the items the reviewer named. */
export function SupplementForm({
  app,
  checklist,
  onDone,
}: {
  app: Schemas['ApplicationDetail'];
  checklist: Schemas['Checklist'];
  onDone: () => void;
}) {
  const items = app.failedItems.length > 0 ? app.failedItems : checklist.items.map((i) => i.id);
  const [evidence, setEvidence] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const entries = items
    .filter((i) => (evidence[i] ?? '').trim())
    .map((i) => ({ item: i, evidence: evidence[i]!.trim() }));
  const action = useAction(() =>
    unwrap(
      api().POST('/v1/applications/{applicationId}/supplements', {
        params: { path: { applicationId: app.applicationId } },
        body: { checklist: entries, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      }),
    ),
  );
  return (
    <Section title={t('applications.supplement')}>
      <p>{t('applications.supplementFor', { items: items.join(', ') })}</p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (await action.execute()) onDone();
        }}
      >
        <ProblemAlert problem={action.problem} />
        {items.map((item, i) => {
          const id = `supplement-${item.replace('.', '-')}`;
          const error = action.fieldErrors[`checklist.${i}.evidence`];
          return (
            <Field key={item} id={id} label={t('apply.evidence', { item })} error={error}>
              <textarea
                id={id}
                rows={2}
                value={evidence[item] ?? ''}
                onInput={(e) => setEvidence({ ...evidence, [item]: e.currentTarget.value })}
                {...described(id, error)}
              />
            </Field>
          );
        })}
        {action.fieldErrors.checklist && <p class="error">{action.fieldErrors.checklist}</p>}
        <Field id="supplement-comment" label={t('comment')}>
          <textarea
            id="supplement-comment"
            rows={2}
            value={comment}
            onInput={(e) => setComment(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" class="primary" disabled={action.pending}>
          {t('submit')}
        </button>
      </form>
    </Section>
  );
}

export function WithdrawForm({ app, onDone }: { app: Schemas['ApplicationDetail']; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const action = useAction(() =>
    unwrap(
      api().POST('/v1/applications/{applicationId}/withdraw', {
        params: { path: { applicationId: app.applicationId } },
        body: reason.trim() ? { reason: reason.trim() } : {},
      }),
    ),
  );
  return (
    <details class="card">
      <summary>{t('applications.withdraw')}</summary>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (await action.execute()) onDone();
        }}
      >
        <ProblemAlert problem={action.problem} />
        <Field id="withdraw-reason" label={t('reason')} error={action.fieldErrors.reason}>
          <input id="withdraw-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </Field>
        <button type="submit" disabled={action.pending}>
          {t('applications.withdraw')}
        </button>
      </form>
    </details>
  );
}
