import { useState } from 'preact/hooks';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { formatBrn, kstLocalToIso, nowKstLocal } from '../../format.js';
import { t } from '../../i18n/i18n.js';
import { ActionForm, ChoiceFieldset, DateTimeField, TextAreaField } from '../../ui/forms.js';
import { useAction, useAsync } from '../../ui/hooks.js';
import { HistoryTable } from '../../ui/records.js';
import { Loaded, Section, StatusBadge, Time } from '../../ui/widgets.js';
import { ChecklistScoring } from '../applications/checklist-scoring.js';
import type { ScreenProps } from '../registry.js';
import type { Inspection } from './inspections.js';

const RESULTS = ['PASS', 'FAIL', 'REFUSED'] as const;
const DECISIONS = ['CLEAR', 'SUSPEND', 'REVOKE'] as const;

/** PASS, FAIL with the failed checklist items (a corrective period follows), or REFUSED. */
function ResultForm({
  i,
  checklist,
  onDone,
}: {
  i: Inspection;
  checklist: Schemas['Checklist'];
  onDone: () => void;
}) {
  const [result, setResult] = useState<(typeof RESULTS)[number]>('PASS');
  const [inspectedAt, setInspectedAt] = useState(nowKstLocal());
  const [failed, setFailed] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const action = useAction(() =>
    unwrap(
      api().POST('/v1/inspections/{inspectionId}/result', {
        params: { path: { inspectionId: i.inspectionId } },
        body: {
          result,
          inspectedAt: kstLocalToIso(inspectedAt),
          ...(result === 'FAIL' ? { failedItems: failed } : {}),
          ...(comment.trim() ? { comment } : {}),
        },
      }),
    ),
  );
  const errors = action.fieldErrors;
  return (
    <Section title={t('inspections.record')}>
      <ActionForm action={action} onDone={onDone} submit={t('inspections.record')}>
        <ChoiceFieldset
          legend={t('inspections.result')}
          name="result"
          values={RESULTS}
          value={result}
          label={(r) => t(`inspection.${r}`)}
          onChange={setResult}
        />
        <DateTimeField
          id="result-at"
          label={t('inspections.inspectedAt')}
          value={inspectedAt}
          error={errors.inspectedAt}
          onInput={setInspectedAt}
        />
        {result === 'FAIL' && (
          <>
            <ChecklistScoring
              checklist={checklist}
              evidence={{}}
              failed={failed}
              onChange={setFailed}
              prefix="result"
            />
            {errors.failedItems && (
              <p class="error" role="alert">
                {t('inspections.failedItems')}: {errors.failedItems}
              </p>
            )}
          </>
        )}
        <TextAreaField
          id="result-comment"
          label={t('comment')}
          rows={2}
          value={comment}
          error={errors.comment}
          onInput={setComment}
        />
      </ActionForm>
    </Section>
  );
}

/** The committee's decision after a second failure: CLEAR, SUSPEND (until) or REVOKE. */
function CommitteeDecisionForm({ i, onDone }: { i: Inspection; onDone: () => void }) {
  const [decision, setDecision] = useState<(typeof DECISIONS)[number]>('SUSPEND');
  const [until, setUntil] = useState('');
  const [comment, setComment] = useState('');
  const action = useAction(() =>
    unwrap(
      api().POST('/v1/inspections/{inspectionId}/decision', {
        params: { path: { inspectionId: i.inspectionId } },
        body: {
          decision,
          comment,
          ...(decision === 'SUSPEND' && until ? { until: kstLocalToIso(until) } : {}),
        },
      }),
    ),
  );
  const errors = action.fieldErrors;
  return (
    <Section title={t('inspections.decide')}>
      <ActionForm action={action} onDone={onDone} submit={t('inspections.decide')}>
        <ChoiceFieldset
          legend={t('inspections.decide')}
          name="idecision"
          values={DECISIONS}
          value={decision}
          label={(d) => t(`inspection.${d}`)}
          onChange={setDecision}
        />
        {decision === 'SUSPEND' && (
          <DateTimeField
            id="idecision-until"
            label={t('inspections.until')}
            value={until}
            error={errors.until}
            onInput={setUntil}
          />
        )}
        <TextAreaField
          id="idecision-comment"
          label={t('comment')}
          rows={3}
          value={comment}
          error={errors.comment}
          onInput={setComment}
        />
      </ActionForm>
    </Section>
  );
}

export function InspectionDetailScreen({ session, params }: ScreenProps) {
  const inspectionId = params.id ?? '';
  const detail = useAsync(
    () => unwrap(api().GET('/v1/inspections/{inspectionId}', { params: { path: { inspectionId } } })),
    [inspectionId],
  );
  const checklist = useAsync(() => unwrap(api().GET('/v1/checklist')), []);
  return (
    <>
      <h1>
        {t('inspections.title')} {inspectionId}
      </h1>
      <Loaded state={detail}>
        {(i) => (
          <>
            <Section title={`${t(`inspection.${i.kind}`)} · ${formatBrn(i.brn)}`}>
              <dl>
                <dt>{t('brn')}</dt>
                <dd>
                  {session.role === 'reseller' ? (
                    formatBrn(i.brn)
                  ) : (
                    <a href={`#/resellers/${i.brn}`}>{formatBrn(i.brn)}</a>
                  )}
                </dd>
                <dt>{t('status')}</dt>
                <dd>
                  <StatusBadge prefix="inspection" value={i.status} />
                </dd>
                <dt>{t('certificate.id')}</dt>
                <dd>{i.certificateId}</dd>
                <dt>{t('inspections.dueAt')}</dt>
                <dd>
                  <Time iso={i.opensAt} /> – <Time iso={i.dueAt} />
                </dd>
                <dt>{t('inspections.priorFailures')}</dt>
                <dd>{i.priorFailures}</dd>
                {i.assignee && (
                  <>
                    <dt>{t('inspections.assignee')}</dt>
                    <dd>{i.assignee}</dd>
                  </>
                )}
                {i.result && (
                  <>
                    <dt>{t('inspections.result')}</dt>
                    <dd>
                      {t(`inspection.${i.result}`)} · <Time iso={i.inspectedAt} />
                      {i.failedItems.length > 0 && ` · ${i.failedItems.join(', ')}`}
                    </dd>
                  </>
                )}
                {i.correctiveUntil && (
                  <>
                    <dt>{t('inspections.correctiveUntil')}</dt>
                    <dd>
                      <Time iso={i.correctiveUntil} />
                    </dd>
                  </>
                )}
                {i.decision && (
                  <>
                    <dt>{t('cases.decision')}</dt>
                    <dd>
                      {t(`inspection.${i.decision}`)}
                      {i.sanctionId ? ` · ${i.sanctionId}` : ''}
                    </dd>
                  </>
                )}
              </dl>
              {i.history && <HistoryTable entries={i.history} />}
            </Section>
            {session.role === 'reviewer' && i.status === 'OPEN' && (
              <Loaded state={checklist}>
                {(c) => <ResultForm i={i} checklist={c} onDone={detail.reload} />}
              </Loaded>
            )}
            {session.role === 'committee' && i.status === 'COMMITTEE' && (
              <CommitteeDecisionForm i={i} onDone={detail.reload} />
            )}
          </>
        )}
      </Loaded>
    </>
  );
}
