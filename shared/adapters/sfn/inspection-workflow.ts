import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { env } from '../../config/env.js';
import type { InspectionWorkflow } from '../../domain/inspections/ports.js';
import type { Deps } from '../../domain/ports.js';
import { compose, corePorts } from '../deps.js';
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

let withInspections: Deps | undefined;

/** The DynamoDB core plus the inspection workflow: for functions that schedule inspections. */
export function inspectionDeps(): Deps {
  withInspections ??= compose(corePorts(), { inspectionWorkflows: new SfnInspectionWorkflow() });
  return withInspections;
}
