import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client.js';
import { formatKrw } from '../../format.js';
import { t } from '../../i18n/i18n.js';
import { navigate } from '../../router.js';
import { useAction, useAsync } from '../../ui/hooks.js';
import { described, Field, Loaded, ProblemAlert, Progress, Section } from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';
import {
  type ApplicationDraft,
  applicationBody,
  clearDraft,
  emptyDraft,
  loadDraft,
  saveDraft,
} from './application-form.js';

const SERVICE_TYPES = ['WEB', 'API', 'MODULE'] as const;

/** The guided application: company, staff, account, relays, then every checklist item with its evidence. */
export function ApplyScreen({ session }: ScreenProps) {
  const brn = session.brn ?? '';
  const refs = useAsync(
    async () => ({
      checklist: await unwrap(api().GET('/v1/checklist')),
      relays: await unwrap(api().GET('/v1/relay-operators')),
    }),
    [],
  );
  const [draft, setDraft] = useState<ApplicationDraft>(() => loadDraft(brn));
  useEffect(() => saveDraft(brn, draft), [brn, draft]);
  const submit = useAction(async (body: ReturnType<typeof applicationBody>) =>
    unwrap(api().POST('/v1/applications', { body })),
  );
  const errors = submit.fieldErrors;
  const set = <K extends keyof ApplicationDraft>(key: K, value: ApplicationDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const ids = useMemo(() => ({}) as Record<string, string>, []);
  const idFor = (name: string) => (ids[name] ??= `apply-${name.replace(/[^A-Za-z0-9]/g, '-')}`);

  const text = (
    name: keyof ApplicationDraft,
    label: string,
    errorKey: string,
    type: 'text' | 'tel' | 'email' = 'text',
  ) => {
    const id = idFor(String(name));
    return (
      <Field id={id} label={label} error={errors[errorKey]}>
        <input
          id={id}
          name={String(name)}
          type={type as 'text'}
          value={draft[name] as string}
          onInput={(e) => set(name, e.currentTarget.value as never)}
          {...described(id, errors[errorKey])}
        />
      </Field>
    );
  };
  const toggle = (key: 'relayOperatorIds' | 'serviceTypes', value: string, on: boolean) =>
    set(key, on ? [...draft[key], value] : draft[key].filter((v) => v !== value));

  return (
    <>
      <h1>{t('apply.title')}</h1>
      <p class="muted">{t('apply.intro')}</p>
      <Loaded state={refs}>
        {({ checklist, relays }) => {
          const itemIds = checklist.items.map((i) => i.id);
          const answered = itemIds.filter((id) => (draft.evidence[id] ?? '').trim() !== '').length;
          const onSubmit = async (e: Event) => {
            e.preventDefault();
            const created = await submit.execute(applicationBody(brn, draft, itemIds));
            if (created) {
              clearDraft(brn);
              navigate(`/applications/${encodeURIComponent(created.applicationId)}`);
            }
          };
          const capital = Number(draft.paidInCapitalKrw.replace(/[,\s원]/g, ''));
          return (
            <form onSubmit={onSubmit} noValidate aria-label={t('apply.title')}>
              <ProblemAlert problem={submit.problem} />
              <Section title={t('apply.company')}>
                {text('companyName', t('apply.companyName'), 'companyName')}
                {text('officeAddress', t('apply.officeAddress'), 'officeAddress')}
                {text('telecomRegistrationNumber', t('apply.telecomNo'), 'telecomRegistrationNumber')}
                {text('paidInCapitalKrw', t('apply.capital'), 'paidInCapitalKrw', 'text')}
                {Number.isFinite(capital) && capital > 0 && <p class="muted">{formatKrw(capital)}</p>}
              </Section>
              <Section title={t('apply.representative')}>
                {text('repName', t('apply.repName'), 'representative.name')}
                {text('repPhone', t('apply.repPhone'), 'representative.phone', 'tel')}
                {text('repEmail', t('apply.repEmail'), 'representative.email', 'email')}
              </Section>
              <Section title={t('apply.staff')}>
                {draft.staff.map((s, i) => {
                  const update = (patch: Partial<typeof s>) =>
                    set(
                      'staff',
                      draft.staff.map((x, j) => (j === i ? { ...x, ...patch } : x)),
                    );
                  const nameId = idFor(`staff-${i}-name`);
                  const phoneId = idFor(`staff-${i}-phone`);
                  const empId = idFor(`staff-${i}-employee`);
                  return (
                    <fieldset key={i} class="row">
                      <legend>
                        {t('apply.staff')} {i + 1}
                      </legend>
                      <Field
                        id={nameId}
                        label={t('apply.staffName')}
                        error={errors[`antiSpamStaff.${i}.name`]}
                      >
                        <input
                          id={nameId}
                          value={s.name}
                          onInput={(e) => update({ name: e.currentTarget.value })}
                          {...described(nameId, errors[`antiSpamStaff.${i}.name`])}
                        />
                      </Field>
                      <Field
                        id={phoneId}
                        label={t('apply.staffPhone')}
                        error={errors[`antiSpamStaff.${i}.phone`]}
                      >
                        <input
                          id={phoneId}
                          type="tel"
                          value={s.phone}
                          onInput={(e) => update({ phone: e.currentTarget.value })}
                          {...described(phoneId, errors[`antiSpamStaff.${i}.phone`])}
                        />
                      </Field>
                      <div class="check">
                        <input
                          id={empId}
                          type="checkbox"
                          checked={s.employee}
                          onChange={(e) => update({ employee: e.currentTarget.checked })}
                        />
                        <label for={empId}>{t('apply.staffEmployee')}</label>
                      </div>
                      {draft.staff.length > 1 && (
                        <button
                          type="button"
                          onClick={() =>
                            set(
                              'staff',
                              draft.staff.filter((_, j) => j !== i),
                            )
                          }
                        >
                          {t('apply.removeStaff')}
                        </button>
                      )}
                    </fieldset>
                  );
                })}
                <button
                  type="button"
                  onClick={() => set('staff', [...draft.staff, { name: '', phone: '', employee: true }])}
                >
                  {t('apply.addStaff')}
                </button>
              </Section>
              <Section title={t('apply.bank')}>
                {text('bank', t('apply.bank'), 'bankAccount.bank')}
                {text('account', t('apply.account'), 'bankAccount.number')}
              </Section>
              <fieldset class="card" aria-describedby={errors.relayOperatorIds ? 'relays-error' : undefined}>
                <legend>{t('apply.relays')}</legend>
                <div class="checks">
                  {relays.items.map((r) => {
                    const id = idFor(`relay-${r.relayId}`);
                    return (
                      <div class="check" key={r.relayId}>
                        <input
                          id={id}
                          type="checkbox"
                          checked={draft.relayOperatorIds.includes(r.relayId)}
                          onChange={(e) => toggle('relayOperatorIds', r.relayId, e.currentTarget.checked)}
                        />
                        <label for={id}>{r.name}</label>
                      </div>
                    );
                  })}
                </div>
                {errors.relayOperatorIds && (
                  <small id="relays-error" class="error">
                    {errors.relayOperatorIds}
                  </small>
                )}
              </fieldset>
              <fieldset class="card" aria-describedby={errors.serviceTypes ? 'services-error' : undefined}>
                <legend>{t('apply.services')}</legend>
                <div class="checks">
                  {SERVICE_TYPES.map((s) => {
                    const id = idFor(`service-${s}`);
                    return (
                      <div class="check" key={s}>
                        <input
                          id={id}
                          type="checkbox"
                          checked={draft.serviceTypes.includes(s)}
                          onChange={(e) => toggle('serviceTypes', s, e.currentTarget.checked)}
                        />
                        <label for={id}>{s}</label>
                      </div>
                    );
                  })}
                </div>
                {errors.serviceTypes && (
                  <small id="services-error" class="error">
                    {errors.serviceTypes}
                  </small>
                )}
              </fieldset>
              <Section title={`${t('apply.checklist')} (v${checklist.version})`}>
                <Progress
                  label={t('apply.progress', { done: answered, total: itemIds.length })}
                  done={answered}
                  total={itemIds.length}
                />
                {checklist.items.map((item) => {
                  const id = idFor(`evidence-${item.id}`);
                  const docId = idFor(`documents-${item.id}`);
                  const sent = draft.evidence[item.id]?.trim()
                    ? itemIds.filter((x) => (draft.evidence[x] ?? '').trim() !== '').indexOf(item.id)
                    : -1;
                  const error =
                    sent >= 0
                      ? (errors[`checklist.${sent}.evidence`] ?? errors[`checklist.${sent}.item`])
                      : undefined;
                  return (
                    <div class="checklist-item" key={item.id} data-item={item.id}>
                      <h3>
                        {item.id} {item.title}{' '}
                        {item.mandatory && <span class="badge">{t('apply.mandatory')}</span>}
                      </h3>
                      <Field id={id} label={t('apply.evidence', { item: item.id })} error={error}>
                        <textarea
                          id={id}
                          rows={2}
                          value={draft.evidence[item.id] ?? ''}
                          onInput={(e) =>
                            set('evidence', { ...draft.evidence, [item.id]: e.currentTarget.value })
                          }
                          {...described(id, error)}
                        />
                      </Field>
                      <Field id={docId} label={t('apply.documents', { item: item.id })}>
                        <input
                          id={docId}
                          value={draft.documents[item.id] ?? ''}
                          onInput={(e) =>
                            set('documents', { ...draft.documents, [item.id]: e.currentTarget.value })
                          }
                        />
                      </Field>
                    </div>
                  );
                })}
              </Section>
              <div class="actions">
                <button type="submit" class="primary" disabled={submit.pending}>
                  {t('submit')}
                </button>
                <button
                  type="button"
                  onClick={() => {
                    clearDraft(brn);
                    setDraft(emptyDraft());
                  }}
                >
                  {t('apply.clearDraft')}
                </button>
              </div>
            </form>
          );
        }}
      </Loaded>
    </>
  );
}
