import { t } from '../../i18n/i18n.js';
import { InspectionTable } from '../inspections/inspections.js';
import { ObjectionTable } from '../objections/objections.js';
import type { ScreenProps } from '../registry.js';
import { ApplicationTable } from './list.js';

const NO_FILTER = {};

/**
 * What waits for the committee's decision: applications in committee review, inspections after a
 * second failure, and objections not yet decided (with their stay).
 */
export function CommitteeQueueScreen({ session }: ScreenProps) {
  return (
    <>
      <h1>{t('decisions.title')}</h1>
      <section aria-labelledby="decisions-applications">
        <h2 id="decisions-applications">{t('decisions.applications')}</h2>
        <ApplicationTable status="COMMITTEE_REVIEW" title={t('decisions.applications')} />
      </section>
      <section aria-labelledby="decisions-inspections">
        <h2 id="decisions-inspections">{t('inspections.committee')}</h2>
        <InspectionTable
          session={session}
          status="COMMITTEE"
          filter={NO_FILTER}
          title={t('inspections.committee')}
        />
      </section>
      <section aria-labelledby="decisions-objections">
        <h2 id="decisions-objections">{t('objections.queue')}</h2>
        <ObjectionTable status="FILED" title={t('objections.queue')} />
      </section>
    </>
  );
}
