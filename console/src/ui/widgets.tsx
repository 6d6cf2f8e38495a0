import type { ComponentChildren } from 'preact';
import type { ApiProblem } from '../api/client.js';
import { formatKst, formatUtc } from '../format.js';
import { type MessageKey, t, tOr } from '../i18n/i18n.js';

/** An instant in KST; the UTC instant on hover. */
export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span>—</span>;
  return (
    <time dateTime={iso} title={formatUtc(iso)}>
      {formatKst(iso)}
    </time>
  );
}

export function problemText(problem: ApiProblem): string {
  const key = problem.status === 0 ? 'problem.network' : `problem.${problem.status}`;
  const general = tOr(key, problem.title);
  return problem.detail && problem.detail !== general ? `${general} ${problem.detail}` : general;
}

/** The API's problem document, announced to screen readers. */
export function ProblemAlert({ problem }: { problem: ApiProblem | undefined }) {
  if (!problem) return null;
  return (
    <div class="alert" role="alert">
      <strong>{t('errorTitle')}</strong> <span>{problemText(problem)}</span>
      {problem.errors.length > 0 && <p>{t('fieldInvalid')}</p>}
    </div>
  );
}

export function Loading() {
  return (
    <p class="muted" aria-live="polite">
      {t('loading')}
    </p>
  );
}

/** Loading, a problem, or the content once data is there. */
export function Loaded<T>({
  state,
  children,
}: {
  state: { data: T | undefined; error: ApiProblem | undefined; loading: boolean; reload: () => void };
  children: (data: T) => ComponentChildren;
}) {
  if (state.error)
    return (
      <div>
        <ProblemAlert problem={state.error} />
        <button type="button" onClick={state.reload}>
          {t('retry')}
        </button>
      </div>
    );
  if (state.data === undefined) return <Loading />;
  return <>{children(state.data)}</>;
}

let fieldCounter = 0;
/** A stable id for a control and its error text (labels and aria-describedby need ids). */
export const controlId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}-${++fieldCounter}`;

/** A label, the control and the API's message for this field right beside it. */
export function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  children: ComponentChildren;
}) {
  return (
    <div class={error ? 'field invalid' : 'field'}>
      <label for={id}>{label}</label>
      {children}
      {hint && (
        <small id={`${id}-hint`} class="muted">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} class="error">
          {error}
        </small>
      )}
    </div>
  );
}

/** aria attributes tying a control to its error text. */
export const described = (id: string, error: string | undefined) =>
  error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};

export function StatusBadge({
  prefix,
  value,
}: {
  prefix: 'status' | 'app' | 'cases' | 'sanction' | 'inspection' | 'objection' | 'change' | 'delivery';
  value: string;
}) {
  return <span class={`badge badge-${value.toLowerCase()}`}>{tOr(`${prefix}.${value}`, value)}</span>;
}

export function Pager({
  page,
  hasNext,
  next,
  previous,
}: {
  page: number;
  hasNext: boolean;
  next: () => void;
  previous: () => void;
}) {
  return (
    <nav class="pager" aria-label={t('page', { n: page })}>
      <button type="button" onClick={previous} disabled={page <= 1}>
        {t('previous')}
      </button>
      <span>{t('page', { n: page })}</span>
      <button type="button" onClick={next} disabled={!hasNext}>
        {t('next')}
      </button>
    </nav>
  );
}

export function Progress({ label, done, total }: { label: string; done: number; total: number }) {
  return (
    <div class="progress">
      <progress value={done} max={Math.max(total, 1)} aria-label={label} />
      <span aria-live="polite">{label}</span>
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="card">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function Done({ show }: { show: boolean }) {
  return show ? (
    <p class="ok" role="status">
      {t('done')}
    </p>
  ) : null;
}

export const msg = (key: MessageKey) => t(key);
