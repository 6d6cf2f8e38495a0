import type { TableAccess } from './http/routes.js';

/**
 * Everything besides HTTP routes that CDK deploys and the local runtime runs: the functions the
 * workflows invoke and the state machines themselves. CDK and `npm start` both read this table.
 */
export interface TaskFunctionDef {
  /** Folder under functions/ (verb-noun) holding `handler.ts`. */
  function: string;
  description: string;
  table: TableAccess;
}

export interface StateMachineDef {
  /** Logical name; locally also the state machine name in its ARN. */
  name: string;
  /** ASL file under statemachines/ (JSONPath; `${Token}` substitutions). */
  file: string;
  /** Each `${Token}` in the file and the function whose ARN fills it. */
  functionArns: Record<string, string>;
  /** HTTP functions that start, signal or stop executions (they get REVIEW_STATE_MACHINE_ARN and grants). */
  drivenBy: readonly string[];
  /** Env var that carries this state machine's ARN to the functions that drive it. */
  arnEnv: string;
}

export const taskFunctions: readonly TaskFunctionDef[] = [
  {
    function: 'screen-application',
    description: 'Automated screening of an application',
    table: 'readwrite',
  },
  {
    function: 'open-review-step',
    description: 'Opens a human review step with its task token',
    table: 'readwrite',
  },
  {
    function: 'finalize-application',
    description: 'Ends an application; issues the certificate',
    table: 'readwrite',
  },
  {
    function: 'escalate-review-step',
    description: 'Records a missed staff deadline (alarm)',
    table: 'readwrite',
  },
  { function: 'record-review-failure', description: 'Records a failed review workflow', table: 'readwrite' },
];

export const stateMachines: readonly StateMachineDef[] = [
  {
    name: 'certification-review',
    file: 'statemachines/certification-review.asl.json',
    functionArns: {
      ScreenApplicationFunctionArn: 'screen-application',
      OpenReviewStepFunctionArn: 'open-review-step',
      FinalizeApplicationFunctionArn: 'finalize-application',
      EscalateReviewStepFunctionArn: 'escalate-review-step',
      RecordReviewFailureFunctionArn: 'record-review-failure',
    },
    drivenBy: [
      'submit-application',
      'review-application',
      'record-inspection',
      'decide-application',
      'supplement-application',
      'withdraw-application',
    ],
    arnEnv: 'REVIEW_STATE_MACHINE_ARN',
  },
];
