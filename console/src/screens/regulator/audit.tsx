import { useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client.js';
import { kstLocalToIso } from '../../format.js';
import { t } from '../../i18n/i18n.js';
import { DateTimeField } from '../../ui/forms.js';
import { pageQuery, usePaged } from '../../ui/hooks.js';
import { PagedTable } from '../../ui/paged.js';
import { described, Field, Time } from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';

interface AuditSearch {
  entity?: string;
  from?: string;
  to?: string;
}

/** The append-only audit trail, newest first: by entity and a KST time window, paged. */
export function AuditScreen(_: ScreenProps) {
  const [entity, setEntity] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [search, setSearch] = useState<AuditSearch>({});
  const list = usePaged(
    (cursor) =>
      unwrap(
        api().GET('/v1/audit', {
          params: { query: pageQuery(50, cursor, search) },
        }),
      ),
    [search.entity, search.from, search.to],
  );
  const errors = list.error?.fieldErrors() ?? {};
  return (
    <>
      <h1>{t('audit.title')}</h1>
      <form
        class="inline-form"
        aria-label={t('audit.title')}
        onSubmit={(e) => {
          e.preventDefault();
          setSearch({
            ...(entity.trim() ? { entity: entity.trim() } : {}),
            ...(from ? { from: kstLocalToIso(from) } : {}),
            ...(to ? { to: kstLocalToIso(to) } : {}),
          });
        }}
      >
        <Field id="audit-entity" label={t('audit.entity')} error={errors.entity}>
          <input
            id="audit-entity"
            value={entity}
            onInput={(e) => setEntity(e.currentTarget.value)}
            {...described('audit-entity', errors.entity)}
          />
        </Field>
        <DateTimeField
          id="audit-from"
          label={t('audit.from')}
          value={from}
          error={errors.from}
          onInput={setFrom}
        />
        <DateTimeField id="audit-to" label={t('audit.to')} value={to} error={errors.to} onInput={setTo} />
        <button type="submit" class="primary">
          {t('search')}
        </button>
      </form>
      <PagedTable
        list={list}
        caption={t('audit.title')}
        columns={[t('at'), t('audit.entity'), t('action'), t('actor'), t('detail')]}
        rowKey={(a, i) => `${a.at}-${a.entity}-${i}`}
        row={(a) => (
          <>
            <td>
              <Time iso={a.at} />
            </td>
            <td>{a.entity}</td>
            <td>{a.action}</td>
            <td>{a.actor}</td>
            <td>{a.detail && <code class="wrap">{JSON.stringify(a.detail)}</code>}</td>
          </>
        )}
      />
    </>
  );
}
