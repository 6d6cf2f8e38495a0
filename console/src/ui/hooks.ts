import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiProblem } from '../api/client.js';

export interface AsyncState<T> {
  data: T | undefined;
  error: ApiProblem | undefined;
  loading: boolean;
  reload: () => void;
}

function asProblem(e: unknown): ApiProblem {
  return e instanceof ApiProblem ? e : new ApiProblem(0, 'error', (e as Error)?.message ?? String(e));
}

/** Loads once per change of `deps`; `reload()` loads again (after an action). */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiProblem; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (e) => live && setState({ error: asProblem(e), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** Cursor paging: the cursors of pages already seen, so "previous" needs no backwards API. */
export function usePaged<T>(
  load: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>,
  deps: unknown[],
) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  useEffect(() => setCursors([undefined]), deps);
  const state = useAsync(() => load(cursor), [...deps, cursor]);
  return {
    ...state,
    page: cursors.length,
    hasNext: Boolean(state.data?.nextCursor),
    next: () => state.data?.nextCursor && setCursors([...cursors, state.data.nextCursor]),
    previous: () => cursors.length > 1 && setCursors(cursors.slice(0, -1)),
  };
}

/** A form action: pending while running, its problem kept for the form to show beside the fields. */
export function useAction<A extends unknown[], R>(run: (...args: A) => Promise<R>) {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [result, setResult] = useState<R | undefined>();
  const execute = async (...args: A): Promise<R | undefined> => {
    setPending(true);
    setProblem(undefined);
    try {
      const r = await run(...args);
      setResult(r);
      return r;
    } catch (e) {
      setProblem(asProblem(e));
      return undefined;
    } finally {
      setPending(false);
    }
  };
  return { execute, pending, problem, result, fieldErrors: problem?.fieldErrors() ?? {} };
}

/** A filter's value once set: '' (a select's "any") and undefined are left out of the query. */
type Present<F> = { [K in keyof F]?: Exclude<F[K], '' | undefined> };

/** A list route's query: the page size, the filters that are set, and the cursor of the page wanted. */
export function pageQuery<F extends object = Record<never, never>>(
  limit: number,
  cursor: string | undefined,
  filters?: F,
): { limit: number; cursor?: string } & Present<F> {
  const query: Record<string, unknown> = { limit };
  for (const [k, v] of Object.entries(filters ?? {})) if (v !== '' && v !== undefined) query[k] = v;
  if (cursor) query.cursor = cursor;
  return query as { limit: number; cursor?: string } & Present<F>;
}
