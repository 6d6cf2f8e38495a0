import type { ComponentChildren } from 'preact';
import type { ApiProblem } from '../api/client.js';
import { described, Field, ProblemAlert } from './widgets.js';

/**
 * A form that runs one action: the API's problem at the top, the fields, the submit button (disabled
 * while the action runs); `onDone` once the action succeeded.
 */
export function ActionForm({
  action,
  onDone,
  label,
  submit,
  children,
  after,
}: {
  action: { execute: () => Promise<unknown>; pending: boolean; problem: ApiProblem | undefined };
  onDone: () => void;
  /** The form's accessible name, when a page has several of the same form. */
  label?: string;
  submit: string;
  children: ComponentChildren;
  /** Shown after the submit button (the outcome). */
  after?: ComponentChildren;
}) {
  return (
    <form
      aria-label={label}
      onSubmit={async (e) => {
        e.preventDefault();
        if (await action.execute()) onDone();
      }}
    >
      <ProblemAlert problem={action.problem} />
      {children}
      <button type="submit" class="primary" disabled={action.pending}>
        {submit}
      </button>
      {after}
    </form>
  );
}

/** One choice among a few, as labelled radio buttons (`${idPrefix}-${value}`) in a fieldset. */
export function ChoiceFieldset<T extends string | boolean>({
  legend,
  name,
  idPrefix = name,
  values,
  value,
  label,
  onChange,
}: {
  legend: string;
  name: string;
  idPrefix?: string;
  values: readonly T[];
  value: T;
  label: (v: T) => string;
  onChange: (v: T) => void;
}) {
  return (
    <fieldset class="choice">
      <legend>{legend}</legend>
      {values.map((v) => (
        <div class="check" key={String(v)}>
          <input
            id={`${idPrefix}-${v}`}
            type="radio"
            name={name}
            checked={value === v}
            onChange={() => onChange(v)}
          />
          <label for={`${idPrefix}-${v}`}>{label(v)}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** A labelled text area with the API's message for it. */
export function TextAreaField({
  id,
  label,
  rows,
  value,
  error,
  onInput,
}: {
  id: string;
  label: string;
  rows: number;
  value: string;
  error: string | undefined;
  onInput: (v: string) => void;
}) {
  return (
    <Field id={id} label={label} error={error}>
      <textarea
        id={id}
        rows={rows}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
        {...described(id, error)}
      />
    </Field>
  );
}

/** A labelled KST date-time input with the API's message for it. */
export function DateTimeField({
  id,
  label,
  value,
  error,
  onInput,
}: {
  id: string;
  label: string;
  value: string;
  error: string | undefined;
  onInput: (v: string) => void;
}) {
  return (
    <Field id={id} label={label} error={error}>
      <input
        id={id}
        type="datetime-local"
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
        {...described(id, error)}
      />
    </Field>
  );
}
