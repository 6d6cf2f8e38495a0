import type { Application } from '../applications/application.js';
import type { PolicyParameters } from '../policy/policy.js';
import type { Certificate, Reseller } from '../resellers/eligibility.js';
import { addKstMonths, dueAfterMonths } from '../time/kst-dates.js';

/**
 * The certificate an approval issues. A renewal approved while the current certificate is still
 * valid starts the new one at the old one's end (no gap) and keeps the inspection schedule; any
 * other approval starts a certificate now, with its first inspection a full interval away.
 */
export function issuedCertificate(input: {
  app: Pick<Application, 'applicationId' | 'kind'>;
  current: Reseller['certificate'];
  certificateId: string;
  now: Date;
  policy: Pick<PolicyParameters, 'certificateValidityMonths' | 'inspectionIntervalMonths'>;
}): { certificate: Certificate; continues: boolean } {
  const { current, now, policy } = input;
  const at = now.toISOString();
  const continues =
    input.app.kind === 'RENEWAL' && !!current && Date.parse(current.validUntil) > now.getTime();
  if (continues && current) {
    return {
      continues,
      certificate: {
        certificateId: input.certificateId,
        applicationId: input.app.applicationId,
        issuedAt: at,
        validFrom: current.validUntil,
        // The old validity ends at a KST midnight: the new one ends at the same time of day.
        validUntil: addKstMonths(
          new Date(current.validUntil),
          policy.certificateValidityMonths,
        ).toISOString(),
        nextInspectionDue: current.nextInspectionDue,
        ...(current.lastInspectedAt ? { lastInspectedAt: current.lastInspectedAt } : {}),
        previousCertificateId: current.certificateId,
        revision: 1,
      },
    };
  }
  return {
    continues: false,
    certificate: {
      certificateId: input.certificateId,
      applicationId: input.app.applicationId,
      issuedAt: at,
      validUntil: dueAfterMonths(now, policy.certificateValidityMonths),
      nextInspectionDue: dueAfterMonths(now, policy.inspectionIntervalMonths),
      revision: 1,
    },
  };
}
