import { useState } from 'preact/hooks';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { kstLocalToIso, nowKstLocal } from '../../format.js';
import { t } from '../../i18n/i18n.js';
import { useAction } from '../../ui/hooks.js';
import { described, Field, ProblemAlert, Section } from '../../ui/widgets.js';
import { ChecklistScoring, evidenceOf } from './checklist-scoring.js';

interface ActionProps {
  app: Schemas['ApplicationDetail'];
  checklist: Schemas['Checklist'];
  onDone: () => void;
}

const path = (app: ActionProps['app']) => ({ params: { path: { applicationId: app.applicationId } } });
const optional = (comment: string) => (comment.trim() ? { comment: comment.trim() } : {});

function Choice<T extends string>({
  name,
  legend,
  options,
  value,
  onChange,
  label,
}: {
  name: string;
  legend: string;
  options: readonly T[];
  value: T;
  onChange: (v: T) => void;
  label: (v: T) => string;
}) {
  return (
    <fieldset class="choice">
      <legend>{legend}</legend>
      {options.map((o) => (
        <div class="check" key={o}>
          <input
            id={`${name}-${o}`}
            type="radio"
            name={name}
            checked={value === o}
            onChange={() => onChange(o)}
          />
          <label for={`${name}-${o}`}>{label(o)}</label>
        </div>
      ))}
    </fieldset>
  );
}

function CommentField({
  id,
  value,
  onInput,
  error,
}: {
  id: string;
  value: string;
  onInput: (v: string) => void;
  error?: string | undefined;
}) {
  return (
    <Field id={id} label={t('comment')} error={error}>
      <textarea
        id={id}
        rows={3}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
        {...described(id, error)}
      />
    </Field>
  );
}

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
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (await action.execute()) onDone();
        }}
      >
        <ProblemAlert problem={action.problem} />
        <ChecklistScoring
          checklist={checklist}
          evidence={evidenceOf(app)}
          failed={failed}
          onChange={setFailed}
          prefix="review"
        />
        {action.fieldErrors.failedItems && <p class="error">{action.fieldErrors.failedItems}</p>}
        <Choice
          name="review-decision"
          legend={t('review.decision')}
          options={['PASS', 'REQUEST_SUPPLEMENT', 'REJECT'] as const}
          value={decision}
          onChange={setDecision}
          label={(v) => t(`review.${v}`)}
        />
        <CommentField
          id="review-comment"
          value={comment}
          onInput={setComment}
          error={action.fieldErrors.comment}
        />
        <button type="submit" class="primary" disabled={action.pending}>
          {t('submit')}
        </button>
      </form>
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
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (await action.execute()) onDone();
        }}
      >
        <ProblemAlert problem={action.problem} />
        <Choice
          name="inspection-result"
          legend={t('inspection.result')}
          options={['PASS', 'FAIL'] as const}
          value={result}
          onChange={setResult}
          label={(v) => t(`inspection.${v}`)}
        />
        <Field
          id="inspection-at"
          label={`${t('inspection.inspectedAt')} (KST)`}
          error={action.fieldErrors.inspectedAt}
        >
          <input
            id="inspection-at"
            type="datetime-local"
            value={inspectedAt}
            onInput={(e) => setInspectedAt(e.currentTarget.value)}
            {...described('inspection-at', action.fieldErrors.inspectedAt)}
          />
        </Field>
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
        <CommentField
          id="inspection-comment"
          value={comment}
          onInput={setComment}
          error={action.fieldErrors.comment}
        />
        <button type="submit" class="primary" disabled={action.pending}>
          {t('submit')}
        </button>
      </form>
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
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (await action.execute()) onDone();
        }}
      >
        <ProblemAlert problem={action.problem} />
        <Choice
          name="committee-decision"
          legend={t('review.decision')}
          options={['APPROVE', 'REJECT'] as const}
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
        <CommentField
          id="committee-comment"
          value={comment}
          onInput={setComment}
          error={action.fieldErrors.comment}
        />
        <button type="submit" class="primary" disabled={action.pending}>
          {t('submit')}
        </button>
      </form>
    </Section>
  );
}
