import { useState } from 'preact/hooks';
import { ApiProblem, authorizedFetch, type Schemas } from '../../api/client.js';
import { formatBrn } from '../../format.js';
import { t } from '../../i18n/i18n.js';
import { useAction } from '../../ui/hooks.js';
import { Field, ProblemAlert, Progress, Section } from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';
import { csvChunks } from './csv-chunks.js';

type Row = Schemas['ImportResult']['results'][number];
const ROWS_PER_CALL = 200;

/** Import of resellers registered before the programme: CSV in parts, an outcome and errors per row. */
export function ImportScreen(_: ScreenProps) {
  const [file, setFile] = useState<File | undefined>();
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const [rows, setRows] = useState<Row[]>([]);
  const action = useAction(async (f: File) => {
    const { header, chunks } = csvChunks(await f.text(), ROWS_PER_CALL);
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const all: Row[] = [];
    setRows([]);
    setProgress({ done: 0, total });
    for (const chunk of chunks) {
      const res = await authorizedFetch('/v1/admin/existing-resellers', {
        method: 'POST',
        headers: { 'content-type': 'text/csv; charset=utf-8' },
        body: [header, ...chunk].join('\n'),
      });
      const body = (await res.json().catch(() => ({}))) as Partial<Schemas['ImportResult']> & {
        title?: string;
        detail?: string;
        errors?: { path: string; message: string }[];
      };
      if (!res.ok)
        throw new ApiProblem(res.status, body.title ?? res.statusText, body.detail ?? '', body.errors ?? []);
      const offset = all.length;
      all.push(...(body.results ?? []).map((r) => ({ ...r, index: r.index + offset })));
      setRows([...all]);
      setProgress({ done: all.length, total });
    }
    return all;
  });
  const count = (o: Row['outcome']) => rows.filter((r) => r.outcome === o).length;
  return (
    <>
      <h1>{t('import.title')}</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (file) void action.execute(file);
        }}
      >
        <Field id="import-file" label={t('import.file')}>
          <input
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => setFile(e.currentTarget.files?.[0])}
          />
        </Field>
        <button type="submit" class="primary" disabled={!file || action.pending}>
          {t('import.run')}
        </button>
      </form>
      {progress.total > 0 && (
        <Progress label={t('import.progress', progress)} done={progress.done} total={progress.total} />
      )}
      <ProblemAlert problem={action.problem} />
      {rows.length > 0 && (
        <Section
          title={t('import.summary', {
            created: count('CREATED'),
            unchanged: count('UNCHANGED'),
            rejected: count('REJECTED'),
          })}
        >
          <table>
            <caption>{t('import.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('import.row')}</th>
                <th scope="col">{t('brn')}</th>
                <th scope="col">{t('import.outcome')}</th>
                <th scope="col">{t('import.errors')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.index} class={r.outcome === 'REJECTED' ? 'rejected' : undefined}>
                  <td>{r.index + 2}</td>
                  <td>{r.brn ? formatBrn(r.brn) : '—'}</td>
                  <td>{r.outcome}</td>
                  <td>{(r.errors ?? []).map((e) => `${e.path}: ${e.message}`).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}
    </>
  );
}
