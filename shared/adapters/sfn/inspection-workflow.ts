import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { env } from '../../config/env.js';
import type { InspectionWorkflow } from '../../domain/inspections/ports.js';
import type { RenewalWorkflow } from '../../domain/lifecycle-ports.js';
import { compose, corePorts, lazily } from '../deps.js';
import { sfn } from './review-workflow.js';

/** One execution per inspection, named after it: a retried start finds it running and does nothing. */
export class SfnInspectionWorkflow implements InspectionWorkflow {
  async start(inspectionId: string): Promise<void> {
    const arn = env().INSPECTION_STATE_MACHINE_ARN;
    if (!arn) throw new Error('INSPECTION_STATE_MACHINE_ARN is not configured for this function');
    try {
      await sfn().send(
        new StartExecutionCommand({
          stateMachineArn: arn,
          name: inspectionId,
          input: JSON.stringify({ inspectionId }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  }
}

/** One renewal timeline per certificate, named after it. */
export class SfnRenewalWorkflow implements RenewalWorkflow {
  async start(input: { brn: string; certificateId: string }): Promise<void> {
    const arn = env().RENEWAL_STATE_MACHINE_ARN;
    if (!arn) throw new Error('RENEWAL_STATE_MACHINE_ARN is not configured for this function');
    try {
      await sfn().send(
        new StartExecutionCommand({
          stateMachineArn: arn,
          name: `renewal-${input.certificateId}`,
          input: JSON.stringify({ ...input, after: null }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  }
}

/** The DynamoDB core plus the lifecycle workflows: for functions that schedule inspections and renewals. */
export const inspectionDeps = lazily(() =>
  compose(corePorts(), {
    inspectionWorkflows: new SfnInspectionWorkflow(),
    renewalWorkflows: new SfnRenewalWorkflow(),
  }),
);
