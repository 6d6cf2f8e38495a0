import { useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client.js';
import { kstLocalToIso } from '../../format.js';
import { t } from '../../i18n/i18n.js';
import { DateTimeField } from '../../ui/forms.js';
import { useAction } from '../../ui/hooks.js';
import { Done, described, Field, ProblemAlert, Section } from '../../ui/widgets.js';

/** An admin records that a reseller closed its business: UNCERTIFIED from `closedAt`, every relay told. */
export function ClosureForm({ brn, onDone }: { brn: string; onDone: () => void }) {
  const [closedAt, setClosedAt] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction(() =>
    unwrap(
      api().POST('/v1/resellers/{brn}/closure', {
        params: { path: { brn } },
        body: { closedAt: closedAt ? kstLocalToIso(closedAt) : '', reason },
      }),
    ),
  );
  const e = action.fieldErrors;
  return (
    <Section title={t('closure.title')}>
      <form
        onSubmit={async (ev) => {
          ev.preventDefault();
          if (await action.execute()) onDone();
        }}
      >
        <ProblemAlert problem={action.problem} />
        <DateTimeField
          id="closure-at"
          label={`${t('closure.closedAt')} (KST)`}
          value={closedAt}
          error={e.closedAt}
          onInput={setClosedAt}
        />
        <Field id="closure-reason" label={t('reason')} error={e.reason}>
          <input
            id="closure-reason"
            value={reason}
            onInput={(ev) => setReason(ev.currentTarget.value)}
            {...described('closure-reason', e.reason)}
          />
        </Field>
        <button type="submit" class="primary" disabled={action.pending}>
          {t('closure.record')}
        </button>
        <Done show={Boolean(action.result)} />
      </form>
    </Section>
  );
}
