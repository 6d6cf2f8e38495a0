import type { AuditRepository } from './audit/ports.js';
import type { ChangeReport } from './change-reports/change-report.js';
import type { ChangeReportRepository } from './change-reports/ports.js';
import type { Inspection } from './inspections/inspection.js';
import type { InspectionRepository, InspectionWorkflow } from './inspections/ports.js';
import type { Objection } from './objections/objection.js';
import type { ObjectionRepository } from './objections/ports.js';
import type { Sanction } from './sanctions/sanction.js';

/**
 * Ports of the certificate's life after issuance (inspections, the readable audit trail). Fields
 * added here join `Deps` (ports.ts) without touching it.
 */
export interface LifecycleDeps {
  audits: AuditRepository;
  inspections: InspectionRepository;
  inspectionWorkflows: InspectionWorkflow;
  changeReports: ChangeReportRepository;
  objections: ObjectionRepository;
  renewalWorkflows: RenewalWorkflow;
}

/** The renewal timeline of one certificate (execution named after the certificate). */
export interface RenewalWorkflow {
  start(input: { brn: string; certificateId: string }): Promise<void>;
}

/** A lifecycle record written in a registry commit, guarded by the revision read (absent: created). */
export type LifecycleWrite =
  | { kind: 'inspection'; before: Inspection | undefined; after: Inspection }
  | { kind: 'changeReport'; before: ChangeReport | undefined; after: ChangeReport }
  | { kind: 'objection'; before: Objection | undefined; after: Objection }
  /** A second sanction in one unit (an objection's MODIFY cancels one and imposes its replacement). */
  | { kind: 'sanction'; before: Sanction | undefined; after: Sanction };
