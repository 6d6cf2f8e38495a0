import { useState } from 'preact/hooks';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { kstLocalToIso, nowKstLocal } from '../../format.js';
import { t } from '../../i18n/i18n.js';
import { ActionForm, ChoiceFieldset, DateTimeField, TextAreaField } from '../../ui/forms.js';
import { useAction } from '../../ui/hooks.js';
import { Section } from '../../ui/widgets.js';
import { ChecklistScoring, evidenceOf } from './checklist-scoring.js';

interface ActionProps {
  app: Schemas['ApplicationDetail'];
  checklist: Schemas['Checklist'];
  onDone: () => void;
}

const path = (app: ActionProps['app']) => ({ params: { path: { applicationId: app.applicationId } } });
const optional = (comment: string) => (comment.trim() ? { comment: comment.trim() } : {});

/** The reviewer's document review: score the checklist, then pass, ask for a supplement or reject. */
export function ReviewForm({ app, checklist, onDone }: ActionProps) {
  const [decision, setDecision] = useState<'PASS' | 'REQUEST_SUPPLEMENT' | 'REJECT'>('PASS');
  const [failed, setFailed] = useState<string[]>(app.failedItems);
  const [comment, setComment] = useState('');
  const action = useAction(() =>
    unwrap(
      api().POST('/v1/applications/{applicationId}/review', {
        ...path(app),
        body: { decision, ...(decision !== 'PASS' ? { failedItems: failed } : {}), ...optional(comment) },
      }),
    ),
  );
  return (
    <Section title={t('review.title')}>
      <ActionForm action={action} onDone={onDone} submit={t('submit')}>
        <ChecklistScoring
          checklist={checklist}
          evidence={evidenceOf(app)}
          failed={failed}
          onChange={setFailed}
          prefix="review"
        />
        {action.fieldErrors.failedItems && <p class="error">{action.fieldErrors.failedItems}</p>}
        <ChoiceFieldset
          name="review-decision"
          legend={t('review.decision')}
          values={['PASS', 'REQUEST_SUPPLEMENT', 'REJECT'] as const}
          value={decision}
          onChange={setDecision}
          label={(v) => t(`review.${v}`)}
        />
        <TextAreaField
          id="review-comment"
          label={t('comment')}
          rows={3}
          value={comment}
          error={action.fieldErrors.comment}
          onInput={setComment}
        />
      </ActionForm>
    </Section>
  );
}

/** The on-site inspection record: result, when (KST, not in the future), failed items. */
export function InspectionForm({ app, checklist, onDone }: ActionProps) {
  const [result, setResult] = useState<'PASS' | 'FAIL'>('PASS');
  const [failed, setFailed] = useState<string[]>([]);
  const [inspectedAt, setInspectedAt] = useState(nowKstLocal());
  const [comment, setComment] = useState('');
  const action = useAction(() =>
    unwrap(
      api().POST('/v1/applications/{applicationId}/inspection', {
        ...path(app),
        body: {
          result,
          inspectedAt: inspectedAt ? kstLocalToIso(inspectedAt) : '',
          ...(result === 'FAIL' ? { failedItems: failed } : {}),
          ...optional(comment),
        },
      }),
    ),
  );
  return (
    <Section title={t('inspection.title')}>
      <ActionForm action={action} onDone={onDone} submit={t('submit')}>
        <ChoiceFieldset
          name="inspection-result"
          legend={t('inspection.result')}
          values={['PASS', 'FAIL'] as const}
          value={result}
          onChange={setResult}
          label={(v) => t(`inspection.${v}`)}
        />
        <DateTimeField
          id="inspection-at"
          label={`${t('inspection.inspectedAt')} (KST)`}
          value={inspectedAt}
          error={action.fieldErrors.inspectedAt}
          onInput={setInspectedAt}
        />
        {result === 'FAIL' && (
          <ChecklistScoring
            checklist={checklist}
            evidence={evidenceOf(app)}
            failed={failed}
            onChange={setFailed}
            prefix="inspection"
          />
        )}
        {action.fieldErrors.failedItems && <p class="error">{action.fieldErrors.failedItems}</p>}
        <TextAreaField
          id="inspection-comment"
          label={t('comment')}
          rows={3}
          value={comment}
          error={action.fieldErrors.comment}
          onInput={setComment}
        />
      </ActionForm>
    </Section>
  );
}

/** The committee's final decision on the record above. */
export function CommitteeDecisionForm({ app, checklist, onDone }: ActionProps) {
  const [decision, setDecision] = useState<'APPROVE' | 'REJECT'>('APPROVE');
  const [failed, setFailed] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const action = useAction(() =>
    unwrap(
      api().POST('/v1/applications/{applicationId}/decision', {
        ...path(app),
        body: { decision, ...(decision === 'REJECT' ? { failedItems: failed } : {}), ...optional(comment) },
      }),
    ),
  );
  return (
    <Section title={t('decisions.decide')}>
      <ActionForm action={action} onDone={onDone} submit={t('submit')}>
        <ChoiceFieldset
          name="committee-decision"
          legend={t('review.decision')}
          values={['APPROVE', 'REJECT'] as const}
          value={decision}
          onChange={setDecision}
          label={(v) => t(`decisions.${v}`)}
        />
        {decision === 'REJECT' && (
          <ChecklistScoring
            checklist={checklist}
            evidence={evidenceOf(app)}
            failed={failed}
            onChange={setFailed}
            prefix="committee"
          />
        )}
        {action.fieldErrors.failedItems && <p class="error">{action.fieldErrors.failedItems}</p>}
        <TextAreaField
          id="committee-comment"
          label={t('comment')}
          rows={3}
          value={comment}
          error={action.fieldErrors.comment}
          onInput={setComment}
        />
      </ActionForm>
    </Section>
  );
}
