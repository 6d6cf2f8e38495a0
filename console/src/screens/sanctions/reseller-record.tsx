import { useState } from 'preact/hooks';
import { formatBrn } from '../../format.js';
import { t } from '../../i18n/i18n.js';
import { Section } from '../../ui/widgets.js';
import { ClosureForm } from '../admin/closure.js';
import type { ScreenProps } from '../registry.js';
import { ResellerOverview } from '../reseller/status.js';
import { ImposeSanctionForm, SanctionList } from './sanctions.js';

/** Staff view of one reseller: profile, eligibility, sanctions (lift, notices) and imposing one. */
export function ResellerRecordScreen({ session, params }: ScreenProps) {
  const brn = params.brn ?? '';
  const [round, setRound] = useState(0);
  const canSanction = session.role === 'reviewer' || session.role === 'committee';
  return (
    <>
      <h1>{formatBrn(brn)}</h1>
      <ResellerOverview key={round} brn={brn} />
      {session.role !== 'admin' && (
        <Section title={t('sanctions.title')}>
          <SanctionList brn={brn} role={session.role} reloadKey={round} />
        </Section>
      )}
      {canSanction && (
        <ImposeSanctionForm brn={brn} role={session.role} onDone={() => setRound((r) => r + 1)} />
      )}
      {session.role === 'admin' && <ClosureForm brn={brn} onDone={() => setRound((r) => r + 1)} />}
    </>
  );
}
