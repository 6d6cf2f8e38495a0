import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../infra/local/paths.js';
import { LocalStepFunctions } from '../../infra/local/workflows/engine.js';
import { localSubstitutions } from '../../infra/local/workflows/local-workflows.js';
import { StepNotAwaitingError } from '../../shared/domain/core/errors.js';
import type { InspectionWorkflow } from '../../shared/domain/inspections/ports.js';
import type { RenewalWorkflow } from '../../shared/domain/lifecycle-ports.js';
import type { Deps, GraceWorkflow, ReviewWorkflow } from '../../shared/domain/ports.js';
import { stateMachines, taskFunctions } from '../../shared/topology.js';
import { type FakeClock, fakeDeps } from './fakes.js';

type Bindable = { withDeps(deps: Deps): (event: unknown) => Promise<unknown> };

/**
 * The real ASL files on the local engine, their tasks the real handlers bound to in-memory fakes;
 * the review/grace ports talk to the engine in process. `failNext` makes a task throw once.
 */
export async function workflowHarness(start = '2026-03-02T00:00:00Z') {
  const deps = fakeDeps();
  deps.clock.set(start);
  const failures = new Map<string, Error[]>();
  const invocations = new Map<string, number>();
  const lambdas: Record<string, (payload: unknown) => Promise<unknown>> = {};
  for (const { function: fn } of taskFunctions) {
    const mod = (await import(join(repoRoot, 'functions', fn, 'handler.ts'))) as { handler: Bindable };
    const bound = mod.handler.withDeps(deps);
    lambdas[fn] = async (payload) => {
      invocations.set(fn, (invocations.get(fn) ?? 0) + 1);
      const queued = failures.get(fn);
      if (queued?.length) throw queued.shift();
      return bound(payload);
    };
  }
  const engine = new LocalStepFunctions({
    clock: deps.clock,
    lambdas,
    tickIntervalMs: 0,
    stateMachines: Object.fromEntries(
      stateMachines.map((sm) => [
        sm.name,
        {
          definition: readFileSync(join(repoRoot, sm.file), 'utf8'),
          substitutions: localSubstitutions(sm.functionArns, 'ap-northeast-2'),
        },
      ]),
    ),
  });
  const reviews: ReviewWorkflow = {
    start: async (input) => {
      await engine.startExecution({
        stateMachineName: 'certification-review',
        name: input.resumeAt ? `${input.applicationId}-reopened` : input.applicationId,
        input,
      });
    },
    complete: async (taskToken, decision) => {
      try {
        await engine.sendTaskSuccess({ taskToken, output: decision });
      } catch (error) {
        throw new StepNotAwaitingError((error as Error).message);
      }
    },
    stop: async (applicationId, cause) => {
      await engine.stopExecution({
        executionArn: `${engine.stateMachineArn('certification-review').replace(':stateMachine:', ':execution:')}:${applicationId}`,
        error: 'Withdrawn',
        cause,
      });
    },
  };
  const graces: GraceWorkflow = {
    start: async (brn) => {
      await engine.startExecution({
        stateMachineName: 'grace-period',
        name: `grace-${brn}`,
        input: { brn, after: null },
      });
    },
  };
  const inspectionWorkflows: InspectionWorkflow = {
    start: async (inspectionId) => {
      await engine.startExecution({
        stateMachineName: 'inspection',
        name: inspectionId,
        input: { inspectionId },
      });
    },
  };
  const renewalWorkflows: RenewalWorkflow = {
    start: async (input) => {
      await engine.startExecution({
        stateMachineName: 'renewal',
        name: `renewal-${input.certificateId}`,
        input: { ...input, after: null },
      });
    },
  };
  Object.assign(deps, { reviews, graces, inspectionWorkflows, renewalWorkflows });
  const clock: FakeClock = deps.clock;
  return {
    deps,
    engine,
    clock,
    invocations,
    failNext(fn: string, error: Error) {
      failures.set(fn, [...(failures.get(fn) ?? []), error]);
    },
    async advanceTo(iso: string) {
      clock.set(iso);
      await engine.whenIdle();
    },
    async execution(stateMachine: string, name: string) {
      const arn = `${engine.stateMachineArn(stateMachine).replace(':stateMachine:', ':execution:')}:${name}`;
      return engine.describeExecution({ executionArn: arn });
    },
  };
}
