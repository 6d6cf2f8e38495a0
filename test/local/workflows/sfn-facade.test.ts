import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStepFunctions } from '../../../infra/local/workflows/engine.js';
import { startSfnServer } from '../../../infra/local/workflows/sfn-facade.js';
import { engineWith, fakeClock, lambdaArn, machine } from './helpers.js';

const clock = fakeClock();
const tokens = new Map<string, string>();
let engine: LocalStepFunctions;
let server: Awaited<ReturnType<typeof startSfnServer>>;
let sfn: SFNClient;
let stateMachineArn: string;

beforeAll(async () => {
  engine = engineWith({
    clock,
    lambdas: {
      requestReview: async (payload) => {
        const { applicationId, taskToken } = payload as { applicationId: string; taskToken: string };
        tokens.set(applicationId, taskToken);
        return {};
      },
      escalate: async () => ({ escalated: true }),
    },
    stateMachines: {
      humanReview: machine('human-review.asl.json', {
        RequestReviewFunctionArn: lambdaArn('requestReview'),
        EscalateFunctionArn: lambdaArn('escalate'),
      }),
    },
  });
  server = await startSfnServer(engine, { port: 0 });
  sfn = new SFNClient({
    endpoint: server.endpoint,
    region: 'ap-northeast-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  stateMachineArn = engine.stateMachineArn('humanReview');
});

afterAll(async () => {
  sfn?.destroy();
  await server?.close();
  await engine?.close();
});

async function start(applicationId: string, name = applicationId) {
  const input = JSON.stringify({ applicationId, reviewTimeoutSeconds: 86_400 });
  const out = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input }));
  await engine.whenIdle();
  return out;
}

describe('Step Functions JSON protocol facade with @aws-sdk/client-sfn', () => {
  it('starts an execution, describes it RUNNING, completes it with SendTaskSuccess', async () => {
    const started = await start('app-100');
    expect(started.executionArn).toBe(
      'arn:aws:states:ap-northeast-2:000000000000:execution:humanReview:app-100',
    );
    expect(started.startDate).toEqual(clock.now());

    const running = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(running).toMatchObject({ status: 'RUNNING', stateMachineArn, name: 'app-100' });
    expect(JSON.parse(running.input as string)).toMatchObject({ applicationId: 'app-100' });

    await sfn.send(
      new SendTaskSuccessCommand({ taskToken: tokens.get('app-100'), output: JSON.stringify({ ok: true }) }),
    );
    await engine.whenIdle();
    const done = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(done.status).toBe('SUCCEEDED');
    expect(done.stopDate).toBeInstanceOf(Date);
    expect(JSON.parse(done.output as string)).toEqual({ outcome: 'APPROVED', review: { ok: true } });
  });

  it('is idempotent for the same name and input and answers ExecutionAlreadyExists otherwise', async () => {
    const first = await start('app-200');
    const again = await start('app-200');
    expect(again.executionArn).toBe(first.executionArn);

    const conflict = sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'app-200', input: JSON.stringify({ other: true }) }),
    );
    await expect(conflict).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('routes SendTaskFailure by error name', async () => {
    const { executionArn } = await start('app-300');
    await sfn.send(
      new SendTaskFailureCommand({
        taskToken: tokens.get('app-300'),
        error: 'ReviewRejected',
        cause: 'no MFA',
      }),
    );
    await engine.whenIdle();
    const done = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(JSON.parse(done.output as string)).toEqual({
      outcome: 'REJECTED',
      error: 'ReviewRejected',
      cause: 'no MFA',
    });
  });

  it('stops an execution and then answers TaskDoesNotExist for its token', async () => {
    const { executionArn } = await start('app-400');
    const stopped = await sfn.send(new StopExecutionCommand({ executionArn, error: 'Withdrawn' }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    await engine.whenIdle();
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('ABORTED');

    const late = sfn.send(new SendTaskSuccessCommand({ taskToken: tokens.get('app-400'), output: '{}' }));
    await expect(late).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  });

  it('maps engine errors to typed SDK exceptions', async () => {
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: 'garbage', output: '{}' })),
    ).rejects.toMatchObject({
      name: 'InvalidToken',
    });
    await expect(
      sfn.send(
        new DescribeExecutionCommand({
          executionArn: `${stateMachineArn.replace('stateMachine', 'execution')}:nope`,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(
      sfn.send(
        new StartExecutionCommand({ stateMachineArn: engine.stateMachineArn('missing'), input: '{}' }),
      ),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  });

  it('lists executions with their status', async () => {
    const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(executions?.map((e) => [e.name, e.status])).toEqual(
      expect.arrayContaining([
        ['app-100', 'SUCCEEDED'],
        ['app-400', 'ABORTED'],
      ]),
    );
  });
});
