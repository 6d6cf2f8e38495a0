import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stateMachines, taskFunctions } from '../../../shared/topology.js';
import { repoRoot } from '../paths.js';
import { type BusinessClockLike, type LocalLambda, LocalStepFunctions } from './engine.js';
import { startSfnServer } from './sfn-facade.js';

export const LOCAL_ACCOUNT = '000000000000';

/** The Lambda ARN a `${...FunctionArn}` substitution gets locally (CDK gives the real one in AWS). */
export function localFunctionArn(fn: string, region: string): string {
  return `arn:aws:lambda:${region}:${LOCAL_ACCOUNT}:function:${fn}`;
}

/** Substitutions for one state machine: each `${Token}` → the ARN of the function the topology names. */
export function localSubstitutions(
  functionArns: Record<string, string>,
  region: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(functionArns).map(([token, fn]) => [token, localFunctionArn(fn, region)]),
  );
}

export interface LocalWorkflows {
  engine: LocalStepFunctions;
  /** The SFN API endpoint the SDK adapters talk to (SFN_ENDPOINT). */
  endpoint: string;
  /** Env vars naming each state machine's ARN (REVIEW_STATE_MACHINE_ARN, ...). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The deployed ASL files, unchanged, on the local engine: the same task functions CDK deploys
 * (shared/topology.ts), waits and timeouts on the business clock, and the SFN JSON API on a
 * local port so the production adapter (`@aws-sdk/client-sfn`) runs as in AWS.
 */
export async function startLocalWorkflows(opts: {
  clock: BusinessClockLike;
  region: string;
  loadTask: (fn: string) => Promise<LocalLambda>;
}): Promise<LocalWorkflows> {
  const lambdas: Record<string, LocalLambda> = {};
  for (const { function: fn } of taskFunctions) {
    // Loaded on first invocation, like a cold start, after the environment is set.
    let loaded: Promise<LocalLambda> | undefined;
    lambdas[fn] = async (payload) => {
      loaded ??= opts.loadTask(fn);
      return (await loaded)(payload);
    };
  }
  const machines: Record<string, { definition: string; substitutions: Record<string, string> }> = {};
  for (const sm of stateMachines) {
    machines[sm.name] = {
      definition: await readFile(join(repoRoot, sm.file), 'utf8'),
      substitutions: localSubstitutions(sm.functionArns, opts.region),
    };
  }
  const engine = new LocalStepFunctions({
    clock: opts.clock,
    lambdas,
    stateMachines: machines,
    region: opts.region,
    accountId: LOCAL_ACCOUNT,
  });
  const server = await startSfnServer(engine, { port: 0 });
  const env = Object.fromEntries(stateMachines.map((sm) => [sm.arnEnv, engine.stateMachineArn(sm.name)]));
  return {
    engine,
    endpoint: server.endpoint,
    env,
    async close() {
      await server.close();
      await engine.close();
    },
  };
}
