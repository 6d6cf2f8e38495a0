import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyDefinitionSubstitutions, LocalStepFunctions } from '../../../infra/local/workflows/engine.js';
import { engineWith, type FakeClock, fakeClock, lambdaArn, machine, namedError } from './helpers.js';

const engines: LocalStepFunctions[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

function track(engine: LocalStepFunctions): LocalStepFunctions {
  engines.push(engine);
  return engine;
}

async function settle(engine: LocalStepFunctions, executionArn: string) {
  await engine.whenIdle();
  return engine.describeExecution({ executionArn });
}

function reviewChain(clock: FakeClock, score: number, calls: string[] = []) {
  return track(
    engineWith({
      clock,
      lambdas: {
        screen: async (payload) => {
          calls.push(`screen:${JSON.stringify(payload)}`);
          return { flags: ['ghost-check-passed'] };
        },
        score: async (payload) => {
          calls.push(`score:${JSON.stringify(payload)}`);
          return { score };
        },
      },
      stateMachines: {
        review: machine('review-chain.asl.json', {
          ScreenFunctionArn: lambdaArn('screen'),
          ScoreFunctionArn: lambdaArn('score'),
        }),
      },
    }),
  );
}

describe('tasks and choices', () => {
  it('chains a Lambda ARN task and a lambda:invoke task, each result feeding the next state', async () => {
    const calls: string[] = [];
    const engine = reviewChain(fakeClock(), 85, calls);
    const { executionArn } = await engine.startExecution({
      stateMachineName: 'review',
      name: 'app-1',
      input: JSON.stringify({ applicationId: 'app-1' }),
    });
    const done = await settle(engine, executionArn);

    expect(calls).toEqual([
      'screen:{"applicationId":"app-1"}',
      'score:{"applicationId":"app-1","flags":["ghost-check-passed"]}',
    ]);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output as string)).toEqual({
      decision: 'CERTIFIED',
      applicationId: 'app-1',
      scoring: { score: 85, statusCode: 200, version: '$LATEST' },
    });
  });

  it('follows the Choice default to a Fail state when no rule matches', async () => {
    const engine = reviewChain(fakeClock(), 40);
    const { executionArn } = await engine.startExecution({
      stateMachineName: 'review',
      input: { applicationId: 'app-2' },
    });
    const done = await settle(engine, executionArn);

    expect(done).toMatchObject({
      status: 'FAILED',
      error: 'ApplicationRejected',
      cause: 'score below threshold',
    });
    expect(done.output).toBeUndefined();
  });

  it('records state, task and execution events in the history', async () => {
    const engine = reviewChain(fakeClock(), 90);
    const { executionArn } = await engine.startExecution({
      stateMachineName: 'review',
      input: { applicationId: 'a' },
    });
    await settle(engine, executionArn);

    const history = engine
      .getExecutionHistory(executionArn)
      .map((e) => `${e.type}${e.stateName ? `:${e.stateName}` : ''}`);
    expect(history).toEqual([
      'ExecutionStarted',
      'StateEntered:Screen',
      'TaskScheduled:Screen',
      'TaskSucceeded:Screen',
      'StateExited:Screen',
      'StateEntered:Score',
      'TaskScheduled:Score',
      'TaskSucceeded:Score',
      'StateExited:Score',
      'StateEntered:Decide',
      'StateExited:Decide',
      'StateEntered:Certified',
      'StateExited:Certified',
      'ExecutionSucceeded',
    ]);
  });
});

describe('definition substitutions', () => {
  it('replaces every substitution token verbatim, like CloudFormation DefinitionSubstitutions', () => {
    expect(applyDefinitionSubstitutions(`{"Resource": "\${Fn}", "x": "\${Fn}"}`, { Fn: 'arn:a' })).toBe(
      '{"Resource": "arn:a", "x": "arn:a"}',
    );
  });

  it('refuses a definition with an unresolved token, naming it', () => {
    expect(() =>
      engineWith({
        clock: fakeClock(),
        lambdas: { screen: async () => ({}) },
        stateMachines: {
          review: machine('review-chain.asl.json', { ScreenFunctionArn: lambdaArn('screen') }),
        },
      }),
    ).toThrow(/unresolved definition substitution.*\$\{ScoreFunctionArn\}/);
  });
});

describe('retry and catch', () => {
  function notifyEngine(clock: FakeClock, notify: (payload: unknown) => Promise<unknown>) {
    return track(
      engineWith({
        clock,
        lambdas: { notify },
        stateMachines: {
          notify: machine('retry-catch.asl.json', { NotifyFunctionArn: lambdaArn('notify') }),
        },
      }),
    );
  }

  it('retries a transient error and succeeds on the third invocation without sleeping the 30 s interval', async () => {
    let invocations = 0;
    const engine = notifyEngine(fakeClock(), async () => {
      invocations++;
      if (invocations < 3) throw namedError('TransientError', 'relay busy');
      return { delivered: true };
    });
    const startedAt = Date.now();
    const { executionArn } = await engine.startExecution({
      stateMachineName: 'notify',
      input: { id: 'n-1' },
    });
    const done = await settle(engine, executionArn);

    expect(invocations).toBe(3);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output as string)).toEqual({ id: 'n-1', notified: { delivered: true } });
    // The retry intervals (30 s, then 60 s) pass on the fake clock: sleeping them would take 90 s.
    expect(Date.now() - startedAt).toBeLessThan(90_000);
    const retries = engine.getExecutionHistory(executionArn).filter((e) => e.type === 'StateRetried');
    expect(retries.map((e) => e.details?.nominalIntervalSeconds)).toEqual([30, 60]);
  });

  it('gives up after MaxAttempts retries and catches the last error into the fallback state', async () => {
    let invocations = 0;
    const engine = notifyEngine(fakeClock(), async () => {
      invocations++;
      throw namedError('Lambda.ServiceException', 'still down');
    });
    const { executionArn } = await engine.startExecution({ stateMachineName: 'notify', input: {} });
    const done = await settle(engine, executionArn);

    expect(invocations).toBe(4);
    const output = JSON.parse(done.output as string);
    expect(output).toMatchObject({ outcome: 'FALLBACK', error: 'Lambda.ServiceException' });
    expect(JSON.parse(output.cause)).toMatchObject({
      errorType: 'Lambda.ServiceException',
      errorMessage: 'still down',
    });
  });

  it('catches a non-retryable error at once into the fallback state', async () => {
    let invocations = 0;
    const engine = notifyEngine(fakeClock(), async () => {
      invocations++;
      throw namedError('WebhookRejected', 'HTTP 410');
    });
    const { executionArn } = await engine.startExecution({ stateMachineName: 'notify', input: {} });
    const done = await settle(engine, executionArn);

    expect(invocations).toBe(1);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output as string)).toMatchObject({
      outcome: 'FALLBACK',
      error: 'WebhookRejected',
    });
  });
});

describe('Map', () => {
  it('runs the item processor task per item, retrying a transient failure of one item', async () => {
    const attempts = new Map<string, number>();
    const engine = track(
      engineWith({
        clock: fakeClock(),
        lambdas: {
          deliver: async (payload) => {
            const { relayId, noticeId } = payload as { relayId: string; noticeId: string };
            attempts.set(relayId, (attempts.get(relayId) ?? 0) + 1);
            if (relayId === 'lgu' && attempts.get(relayId) === 1) throw namedError('TransientError');
            return { relayId, noticeId, delivered: true };
          },
        },
        stateMachines: {
          fanout: machine('map-fanout.asl.json', { DeliverFunctionArn: lambdaArn('deliver') }),
        },
      }),
    );
    const { executionArn } = await engine.startExecution({
      stateMachineName: 'fanout',
      input: { noticeId: 'ntc-1', relays: ['kt', 'lgu', 'skb'] },
    });
    const done = await settle(engine, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output as string).deliveries).toEqual([
      { relayId: 'kt', noticeId: 'ntc-1', delivered: true },
      { relayId: 'lgu', noticeId: 'ntc-1', delivered: true },
      { relayId: 'skb', noticeId: 'ntc-1', delivered: true },
    ]);
    expect(Object.fromEntries(attempts)).toEqual({ kt: 1, lgu: 2, skb: 1 });
  });
});

describe('waitForTaskToken', () => {
  function reviewEngine(clock: FakeClock) {
    const requests: Array<{ taskToken: string; applicationId: string; executionId: string }> = [];
    const escalations: unknown[] = [];
    const engine = track(
      engineWith({
        clock,
        lambdas: {
          requestReview: async (payload) => {
            requests.push(payload as (typeof requests)[number]);
            return { queued: true };
          },
          escalate: async (payload) => {
            escalations.push(payload);
            return { escalated: true };
          },
        },
        stateMachines: {
          humanReview: machine('human-review.asl.json', {
            RequestReviewFunctionArn: lambdaArn('requestReview'),
            EscalateFunctionArn: lambdaArn('escalate'),
          }),
        },
      }),
    );
    return { engine, requests, escalations };
  }

  const input = { applicationId: 'app-7', reviewTimeoutSeconds: 14 * 86_400 };

  it('delivers a fresh token in the payload and stays RUNNING until sendTaskSuccess', async () => {
    const { engine, requests } = reviewEngine(fakeClock());
    const { executionArn } = await engine.startExecution({ stateMachineName: 'humanReview', input });
    await engine.whenIdle();

    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.applicationId).toBe('app-7');
    expect(request?.executionId).toBe(executionArn);
    expect(request?.taskToken).toMatch(/^AQ[A-Za-z0-9_-]{60,}$/);
    expect((await engine.describeExecution({ executionArn })).status).toBe('RUNNING');

    await engine.sendTaskSuccess({
      taskToken: request?.taskToken as string,
      output: JSON.stringify({ decision: 'PASS' }),
    });
    const done = await settle(engine, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output as string)).toEqual({ outcome: 'APPROVED', review: { decision: 'PASS' } });
    await expect(
      engine.sendTaskSuccess({ taskToken: request?.taskToken as string, output: '{}' }),
    ).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
    });
  });

  it('fails the task with the error name from sendTaskFailure so Catch routes by it', async () => {
    const { engine, requests } = reviewEngine(fakeClock());
    const { executionArn } = await engine.startExecution({ stateMachineName: 'humanReview', input });
    await engine.whenIdle();

    await engine.sendTaskFailure({
      taskToken: requests[0]?.taskToken as string,
      error: 'ReviewRejected',
      cause: 'checklist 2.1 failed',
    });
    const done = await settle(engine, executionArn);
    expect(JSON.parse(done.output as string)).toEqual({
      outcome: 'REJECTED',
      error: 'ReviewRejected',
      cause: 'checklist 2.1 failed',
    });
  });

  it('times out on the business clock: still pending just before TimeoutSecondsPath, States.Timeout after', async () => {
    const clock = fakeClock();
    const { engine, requests, escalations } = reviewEngine(clock);
    const { executionArn } = await engine.startExecution({ stateMachineName: 'humanReview', input });
    await engine.whenIdle();

    clock.advanceSeconds(input.reviewTimeoutSeconds - 1);
    engine.tick();
    await engine.whenIdle();
    expect((await engine.describeExecution({ executionArn })).status).toBe('RUNNING');
    expect(escalations).toHaveLength(0);

    clock.advanceSeconds(1);
    engine.tick();
    const done = await settle(engine, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    // Caught by the States.Timeout catcher, not by the earlier States.TaskFailed one (as in AWS).
    expect(escalations).toEqual([{ applicationId: 'app-7', error: 'States.Timeout' }]);
    expect(engine.getExecutionHistory(executionArn).map((e) => e.type)).toContain('TaskTimedOut');
    await expect(
      engine.sendTaskSuccess({ taskToken: requests[0]?.taskToken as string, output: '{}' }),
    ).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('fails the task when the Lambda that receives the token throws', async () => {
    const engine = track(
      engineWith({
        clock: fakeClock(),
        lambdas: {
          requestReview: async () => {
            throw namedError('QueueUnavailable');
          },
          escalate: async () => ({}),
        },
        stateMachines: {
          humanReview: machine('human-review.asl.json', {
            RequestReviewFunctionArn: lambdaArn('requestReview'),
            EscalateFunctionArn: lambdaArn('escalate'),
          }),
        },
      }),
    );
    const { executionArn } = await engine.startExecution({ stateMachineName: 'humanReview', input });
    const done = await settle(engine, executionArn);
    expect(JSON.parse(done.output as string)).toEqual({ outcome: 'BROKEN', error: 'QueueUnavailable' });
  });

  it('accepts sendTaskSuccess from inside the Lambda that received the token', async () => {
    let engine: LocalStepFunctions | undefined;
    engine = track(
      engineWith({
        clock: fakeClock(),
        lambdas: {
          requestReview: async (payload) => {
            const { taskToken } = payload as { taskToken: string };
            await engine?.sendTaskSuccess({ taskToken, output: { decision: 'AUTO' } });
            return {};
          },
          escalate: async () => ({}),
        },
        stateMachines: {
          humanReview: machine('human-review.asl.json', {
            RequestReviewFunctionArn: lambdaArn('requestReview'),
            EscalateFunctionArn: lambdaArn('escalate'),
          }),
        },
      }),
    );
    const { executionArn } = await engine.startExecution({ stateMachineName: 'humanReview', input });
    const done = await settle(engine, executionArn);
    expect(JSON.parse(done.output as string)).toEqual({ outcome: 'APPROVED', review: { decision: 'AUTO' } });
  });

  it('rejects a malformed token as InvalidToken', async () => {
    const { engine } = reviewEngine(fakeClock());
    await expect(engine.sendTaskSuccess({ taskToken: 'bogus', output: '{}' })).rejects.toMatchObject({
      name: 'InvalidToken',
    });
  });

  it('rejects an output that is not JSON as InvalidOutput and keeps the task pending', async () => {
    const { engine, requests } = reviewEngine(fakeClock());
    const { executionArn } = await engine.startExecution({ stateMachineName: 'humanReview', input });
    await engine.whenIdle();
    await expect(
      engine.sendTaskSuccess({ taskToken: requests[0]?.taskToken as string, output: 'not json' }),
    ).rejects.toMatchObject({ name: 'InvalidOutput' });
    expect((await engine.describeExecution({ executionArn })).status).toBe('RUNNING');
  });
});

describe('Wait states on the business clock', () => {
  it('waits for a TimestampPath six months ahead: RUNNING after a day, fires once the clock passes it', async () => {
    const clock = fakeClock('2024-06-01T00:00:00Z');
    const expired: unknown[] = [];
    const engine = track(
      engineWith({
        clock,
        lambdas: {
          expireGrace: async (payload) => {
            expired.push(payload);
            return { status: 'UNCERTIFIED' };
          },
        },
        stateMachines: {
          grace: machine('grace-deadline.asl.json', { ExpireGraceFunctionArn: lambdaArn('expireGrace') }),
        },
      }),
    );
    const input = { brn: '2208162517', deadline: '2024-11-30T15:00:00Z' };
    const { executionArn } = await engine.startExecution({ stateMachineName: 'grace', input });
    await engine.whenIdle();

    clock.advanceDays(1);
    engine.tick();
    await engine.whenIdle();
    expect((await engine.describeExecution({ executionArn })).status).toBe('RUNNING');

    clock.set('2024-11-30T14:59:59Z');
    await engine.whenIdle();
    expect(expired).toHaveLength(0);

    clock.set('2024-11-30T15:00:00Z');
    const done = await settle(engine, executionArn);
    expect(expired).toEqual([input]);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.stopDate?.toISOString()).toBe('2024-11-30T15:00:00.000Z');
    const waitStarted = engine.getExecutionHistory(executionArn).find((e) => e.type === 'WaitStarted');
    expect(waitStarted).toMatchObject({
      stateName: 'WaitForDeadline',
      details: { until: '2024-11-30T15:00:00.000Z' },
    });
  });

  it('fires a due Wait from the background timer, without tick() or whenIdle()', async () => {
    const clock = fakeClock();
    const engine = track(
      new LocalStepFunctions({
        clock,
        lambdas: {},
        stateMachines: { long: machine('long-wait.asl.json') },
        tickIntervalMs: 10,
      }),
    );
    const { executionArn } = await engine.startExecution({ stateMachineName: 'long', input: {} });
    clock.advanceDays(40);
    await vi.waitFor(async () => {
      expect((await engine.describeExecution({ executionArn })).status).toBe('SUCCEEDED');
    });
  });

  it('proceeds at once when the timestamp is already past', async () => {
    const engine = track(
      engineWith({
        clock: fakeClock('2025-01-01T00:00:00Z'),
        lambdas: { expireGrace: async () => 'done' },
        stateMachines: {
          grace: machine('grace-deadline.asl.json', { ExpireGraceFunctionArn: lambdaArn('expireGrace') }),
        },
      }),
    );
    const { executionArn } = await engine.startExecution({
      stateMachineName: 'grace',
      input: { deadline: '2024-11-30T15:00:00Z' },
    });
    expect(await settle(engine, executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '"done"' });
  });

  it('waits 40 days (beyond the 24.8-day timer limit) without firing early', async () => {
    const clock = fakeClock();
    const engine = track(engineWith({ clock, stateMachines: { long: machine('long-wait.asl.json') } }));
    const { executionArn } = await engine.startExecution({ stateMachineName: 'long', input: { n: 1 } });
    await engine.whenIdle();

    clock.advanceDays(39);
    await engine.whenIdle();
    expect((await engine.describeExecution({ executionArn })).status).toBe('RUNNING');

    clock.advanceDays(1);
    expect(await settle(engine, executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '{"n":1}' });
  });

  it('runs a Wait inside a Parallel branch on the clock while the other branch completes', async () => {
    const clock = fakeClock();
    const engine = track(
      engineWith({
        clock,
        lambdas: { lookup: async () => ({ found: true }) },
        stateMachines: {
          parallel: machine('parallel-wait.asl.json', { LookupFunctionArn: lambdaArn('lookup') }),
        },
      }),
    );
    const { executionArn } = await engine.startExecution({
      stateMachineName: 'parallel',
      input: { cooldownSeconds: 3600 },
    });
    await engine.whenIdle();
    expect((await engine.describeExecution({ executionArn })).status).toBe('RUNNING');

    clock.advanceSeconds(3600);
    const done = await settle(engine, executionArn);
    expect(JSON.parse(done.output as string)).toEqual(['cooled', { found: true }]);
  });

  it('times the execution out on the business clock when the top-level TimeoutSeconds passes', async () => {
    const clock = fakeClock();
    const engine = track(
      engineWith({ clock, stateMachines: { bounded: machine('execution-timeout.asl.json') } }),
    );
    const { executionArn } = await engine.startExecution({ stateMachineName: 'bounded', input: {} });
    await engine.whenIdle();

    clock.advanceSeconds(3599);
    await engine.whenIdle();
    expect((await engine.describeExecution({ executionArn })).status).toBe('RUNNING');

    clock.advanceSeconds(1);
    expect(await settle(engine, executionArn)).toMatchObject({
      status: 'TIMED_OUT',
      error: 'States.Timeout',
    });
  });
});

describe('executions', () => {
  function graceEngine(clock: FakeClock, expireGrace = async () => ({})) {
    return track(
      engineWith({
        clock,
        lambdas: { expireGrace },
        stateMachines: {
          grace: machine('grace-deadline.asl.json', { ExpireGraceFunctionArn: lambdaArn('expireGrace') }),
        },
      }),
    );
  }

  it('returns the running execution for the same name and input, ExecutionAlreadyExists for other input', async () => {
    const engine = graceEngine(fakeClock());
    const input = JSON.stringify({ deadline: '2024-11-30T15:00:00Z' });
    const first = await engine.startExecution({ stateMachineName: 'grace', name: 'grace-2208162517', input });
    const again = await engine.startExecution({ stateMachineName: 'grace', name: 'grace-2208162517', input });
    expect(again).toEqual(first);

    await expect(
      engine.startExecution({
        stateMachineName: 'grace',
        name: 'grace-2208162517',
        input: JSON.stringify({ deadline: '2024-12-31T15:00:00Z' }),
      }),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    expect((await engine.listExecutions({ stateMachineName: 'grace' })).executions).toHaveLength(1);
  });

  it('answers ExecutionAlreadyExists for a closed execution, as AWS does', async () => {
    const engine = graceEngine(fakeClock('2025-01-01T00:00:00Z'));
    const input = { deadline: '2024-11-30T15:00:00Z' };
    const { executionArn } = await engine.startExecution({ stateMachineName: 'grace', name: 'once', input });
    expect((await settle(engine, executionArn)).status).toBe('SUCCEEDED');
    await expect(
      engine.startExecution({ stateMachineName: 'grace', name: 'once', input }),
    ).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
  });

  it('stopExecution aborts a pending callback: ABORTED, the token is gone, nothing runs afterwards', async () => {
    const clock = fakeClock();
    const tokens: string[] = [];
    const escalations: unknown[] = [];
    const engine = track(
      engineWith({
        clock,
        lambdas: {
          requestReview: async (payload) => {
            tokens.push((payload as { taskToken: string }).taskToken);
            return {};
          },
          escalate: async (payload) => {
            escalations.push(payload);
            return {};
          },
        },
        stateMachines: {
          humanReview: machine('human-review.asl.json', {
            RequestReviewFunctionArn: lambdaArn('requestReview'),
            EscalateFunctionArn: lambdaArn('escalate'),
          }),
        },
      }),
    );
    const { executionArn } = await engine.startExecution({
      stateMachineName: 'humanReview',
      input: { applicationId: 'app-9', reviewTimeoutSeconds: 60 },
    });
    await engine.whenIdle();

    const { stopDate } = await engine.stopExecution({
      executionArn,
      error: 'Withdrawn',
      cause: 'applicant withdrew',
    });
    const stopped = await settle(engine, executionArn);
    expect(stopped).toMatchObject({
      status: 'ABORTED',
      error: 'Withdrawn',
      cause: 'applicant withdrew',
      stopDate,
    });

    await expect(
      engine.sendTaskSuccess({ taskToken: tokens[0] as string, output: '{}' }),
    ).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
    });
    clock.advanceSeconds(120);
    await engine.whenIdle();
    expect(escalations).toHaveLength(0);
    expect(engine.getExecutionHistory(executionArn).at(-1)?.type).toBe('ExecutionAborted');
  });

  it('close() aborts running executions', async () => {
    const engine = graceEngine(fakeClock());
    const { executionArn } = await engine.startExecution({
      stateMachineName: 'grace',
      input: { deadline: '2030-01-01T00:00:00Z' },
    });
    await engine.whenIdle();
    await engine.close();
    expect((await engine.describeExecution({ executionArn })).status).toBe('ABORTED');
  });

  it('lists executions newest first and describes unknown ones as ExecutionDoesNotExist', async () => {
    const engine = graceEngine(fakeClock());
    await engine.startExecution({
      stateMachineName: 'grace',
      name: 'a',
      input: { deadline: '2030-01-01T00:00:00Z' },
    });
    await engine.startExecution({
      stateMachineName: 'grace',
      name: 'b',
      input: { deadline: '2030-01-01T00:00:00Z' },
    });
    const { executions } = await engine.listExecutions({ stateMachineName: 'grace' });
    expect(executions.map((e) => [e.name, e.status])).toEqual([
      ['b', 'RUNNING'],
      ['a', 'RUNNING'],
    ]);
    await expect(
      engine.describeExecution({ executionArn: `${executions[0]?.executionArn}x` }),
    ).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });
    await expect(engine.startExecution({ stateMachineName: 'nope' })).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
  });

  it('rejects invalid execution names and input that is not JSON', async () => {
    const engine = graceEngine(fakeClock());
    await expect(engine.startExecution({ stateMachineName: 'grace', name: 'a b' })).rejects.toMatchObject({
      name: 'InvalidName',
    });
    await expect(engine.startExecution({ stateMachineName: 'grace', input: '{oops' })).rejects.toMatchObject({
      name: 'InvalidExecutionInput',
    });
  });
});

describe('refusing what would reach AWS', () => {
  it('refuses a Task resource other than Lambda when the engine is built', () => {
    expect(() =>
      engineWith({
        clock: fakeClock(),
        stateMachines: { put: machine('unsupported-resource.asl.json', { TableName: 'registry' }) },
      }),
    ).toThrow(/unsupported Task resource 'arn:aws:states:::dynamodb:putItem'.*never calls AWS/);
  });

  it('refuses a Lambda function that is not registered locally', () => {
    expect(() =>
      engineWith({
        clock: fakeClock(),
        lambdas: { screen: async () => ({}) },
        stateMachines: {
          review: machine('review-chain.asl.json', {
            ScreenFunctionArn: lambdaArn('screen'),
            ScoreFunctionArn: lambdaArn('score'),
          }),
        },
      }),
    ).toThrow(/Lambda function 'score' is not registered/);
  });
});
