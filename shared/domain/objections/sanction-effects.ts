import type { Sanction } from '../ports.js';
import type { ActiveSanction, Reseller } from '../resellers/eligibility.js';

/** What an objection's stay, cancellation or upheld decision does to the reseller's facts. */

/**
 * The reseller's facts without the sanction (paused or cancelled): it returns to what time says.
 * A revocation gives back the certificate it took (time then says whether it is still valid), its
 * re-application bar and its bad standing go with it. A stay keeps what the revocation was, so an
 * upheld objection resumes it; a cancellation forgets it.
 */
export function withoutSanction(r: Reseller, s: Sanction, mode: 'STAY' | 'CANCEL'): Reseller {
  const facts: Reseller = { ...r };
  if (facts.stayedRevocation?.sanctionId === s.sanctionId) delete facts.stayedRevocation;
  if (facts.sanction?.sanctionId !== s.sanctionId) return facts;
  delete facts.sanction;
  if (s.type === 'REVOCATION') {
    if (mode === 'STAY' && r.revokedAt) {
      facts.stayedRevocation = {
        sanctionId: s.sanctionId,
        revokedAt: r.revokedAt,
        ...(r.reapplyAfter ? { reapplyAfter: r.reapplyAfter } : {}),
        ...(r.revocationReason ? { revocationReason: r.revocationReason } : {}),
      };
    }
    const taken = r.revokedCertificates;
    if (taken?.certificate) facts.certificate = taken.certificate;
    if (taken?.nextCertificate) facts.nextCertificate = taken.nextCertificate;
    delete facts.revokedCertificates;
    delete facts.revokedAt;
    delete facts.revocationReason;
    delete facts.reapplyAfter;
    delete facts.reapplyBarEndedAt;
  }
  if (facts.standing?.status === 'SUSPENDED' || facts.standing?.status === 'REVOKED') delete facts.standing;
  return facts;
}

/**
 * The reseller's facts with a stayed sanction back in force (if it has not run out meanwhile). A
 * stayed revocation resumes as it was decided: its instant, reason and re-application bar.
 */
export function withSanction(r: Reseller, s: Sanction, now: Date): Reseller {
  if (s.until !== null && Date.parse(s.until) <= now.getTime()) return r;
  const active: ActiveSanction = {
    sanctionId: s.sanctionId,
    type: s.type,
    from: s.from,
    until: s.until,
    reason: s.reason,
    ...(s.caseId ? { caseId: s.caseId } : {}),
    ...(s.throttle ? { throttle: s.throttle } : {}),
    ...(s.decidedBy ? { decidedBy: s.decidedBy } : {}),
  };
  const facts: Reseller = { ...r, sanction: active };
  if (s.type === 'SUSPENSION') facts.standing = { status: 'SUSPENDED', since: now.toISOString() };
  if (s.type === 'REVOCATION') {
    const stayed = r.stayedRevocation?.sanctionId === s.sanctionId ? r.stayedRevocation : undefined;
    delete facts.stayedRevocation;
    facts.revokedAt = stayed?.revokedAt ?? s.from;
    facts.revocationReason = stayed?.revocationReason ?? s.reason;
    if (stayed?.reapplyAfter) facts.reapplyAfter = stayed.reapplyAfter;
    facts.standing = { status: 'REVOKED', since: facts.revokedAt };
    if (r.certificate || r.nextCertificate) {
      facts.revokedCertificates = {
        ...(r.certificate ? { certificate: r.certificate } : {}),
        ...(r.nextCertificate ? { nextCertificate: r.nextCertificate } : {}),
      };
    }
    delete facts.certificate;
    delete facts.nextCertificate;
    delete facts.inspectionOverdueSince;
  }
  return facts;
}
