import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidToken,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { env } from '../../config/env.js';
import { StepNotAwaitingError } from '../../domain/core/errors.js';
import type {
  Deps,
  GraceWorkflow,
  ReviewWorkflow,
  ReviewWorkflowInput,
  StepDecision,
} from '../../domain/ports.js';
import { compose, corePorts, lazily } from '../deps.js';

let client: SFNClient | undefined;
export function sfn(): SFNClient {
  const { AWS_REGION, SFN_ENDPOINT } = env();
  client ??= new SFNClient({
    region: AWS_REGION,
    ...(SFN_ENDPOINT ? { endpoint: SFN_ENDPOINT } : {}),
    maxAttempts: 5,
  });
  return client;
}

function stateMachineArn(
  name: 'REVIEW_STATE_MACHINE_ARN' | 'GRACE_STATE_MACHINE_ARN' = 'REVIEW_STATE_MACHINE_ARN',
): string {
  const arn = env()[name];
  if (!arn) throw new Error(`${name} is not configured for this function`);
  return arn;
}

/** Execution ARNs follow from the state machine ARN and the execution name (the application id). */
export function executionArn(machineArn: string, name: string): string {
  return `${machineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

/** The review workflow on Step Functions; locally the same client talks to the local engine. */
export class SfnReviewWorkflow implements ReviewWorkflow {
  async start(input: ReviewWorkflowInput): Promise<void> {
    try {
      await sfn().send(
        new StartExecutionCommand({
          stateMachineArn: stateMachineArn(),
          // A reopened review is a second execution of the same application.
          name: input.resumeAt ? `${input.applicationId}-reopened` : input.applicationId,
          input: JSON.stringify(input),
        }),
      );
    } catch (error) {
      // Named after the application: a retry that finds it running has nothing left to do.
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  }

  async complete(taskToken: string, decision: StepDecision): Promise<void> {
    try {
      await sfn().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(decision) }));
    } catch (error) {
      if (
        error instanceof TaskDoesNotExist ||
        error instanceof TaskTimedOut ||
        error instanceof InvalidToken
      ) {
        throw new StepNotAwaitingError(
          'this step is no longer awaiting a decision (already decided or timed out)',
        );
      }
      throw error;
    }
  }

  async stop(applicationId: string, cause: string): Promise<void> {
    try {
      await sfn().send(
        new StopExecutionCommand({
          executionArn: executionArn(stateMachineArn(), applicationId),
          error: 'Withdrawn',
          cause: cause.slice(0, 256),
        }),
      );
    } catch (error) {
      if (!(error instanceof ExecutionDoesNotExist)) throw error;
    }
  }
}

/** One grace-period execution per existing reseller, named after its brn: a re-import starts none. */
export class SfnGraceWorkflow implements GraceWorkflow {
  async start(brn: string): Promise<void> {
    try {
      await sfn().send(
        new StartExecutionCommand({
          stateMachineArn: stateMachineArn('GRACE_STATE_MACHINE_ARN'),
          name: `grace-${brn}`,
          input: JSON.stringify({ brn, after: null }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  }
}

/** The Step Functions ports, for the functions that start, signal or stop workflows. */
export const workflowPorts = lazily(
  (): Pick<Deps, 'reviews' | 'graces'> => ({
    reviews: new SfnReviewWorkflow(),
    graces: new SfnGraceWorkflow(),
  }),
);

/** The DynamoDB core plus the workflows: for the functions that drive reviews and grace periods. */
export const workflowDeps = lazily(() => compose(corePorts(), workflowPorts()));
