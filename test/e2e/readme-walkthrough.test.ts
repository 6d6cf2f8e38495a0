import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/local/paths.js';
import type { ReceiverLogLine } from '../../infra/local/relay-receivers.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { startTestRuntime } from '../support/local-runtime.js';

/**
 * The README's first-hour walkthrough, run as it stands: the fenced `sh` block between the
 * `walkthrough:start` and `walkthrough:end` markers, in bash, against the local runtime with its
 * relays on (as `npm start` runs it), keys and relay secrets in a temporary folder. A route or body
 * change that breaks the README breaks this test. Each numbered step's output is checked.
 */
const scratch = mkdtempSync(join(tmpdir(), 'readme-walkthrough-'));
process.env.LOCAL_KEY_DIR = join(scratch, 'keys');
process.env.LOCAL_SECRETS_DIR = join(scratch, 'secrets');
const BRN = '2208162517';

let runtime: LocalRuntime;
const relayLines: ReceiverLogLine[] = [];

beforeAll(async () => {
  runtime = await startTestRuntime({ relays: true, relayLog: (line) => relayLines.push(line) });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** The walkthrough block of the README, without its fences. */
function walkthrough(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const found = /<!-- walkthrough:start -->\n```sh\n([\s\S]*?)```\n<!-- walkthrough:end -->/.exec(readme);
  if (!found) throw new Error('README.md has no ```sh block between the walkthrough markers');
  return found[1]!;
}

/** Marks each numbered step (`# 3. ...`) in the output, so each step's answers can be checked alone. */
function instrumented(script: string): string {
  const marked = script.replace(/^# (\d+)\. /gm, (line, n: string) => `echo "@@step ${n}"\n${line}`);
  return `set -euo pipefail\n${marked}`;
}

function runBash(script: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Each step's JSON answers (one per line), by step number. */
function answersByStep(stdout: string): Map<number, Record<string, unknown>[]> {
  const steps = new Map<number, Record<string, unknown>[]>();
  let current = -1;
  for (const line of stdout.split('\n')) {
    const marker = /^@@step (\d+)$/.exec(line);
    if (marker) {
      current = Number(marker[1]);
      steps.set(current, []);
    } else if (line.trim()) {
      steps.get(current)?.push(JSON.parse(line) as Record<string, unknown>);
    }
  }
  return steps;
}

describe('the README walkthrough', () => {
  it('runs from application to a suspension every relay verified, each step answering as the README says', async () => {
    const { code, stdout, stderr } = await runBash(instrumented(walkthrough()), {
      API: runtime.url,
      LOCAL_KEY_DIR: join(scratch, 'keys'),
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const steps = answersByStep(stdout);
    expect([...steps.keys()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);

    expect(steps.get(0)).toEqual([expect.objectContaining({ now: '2026-03-02T00:00:00.000Z' })]);
    const [submitted] = steps.get(1)!;
    expect(submitted).toMatchObject({ brn: BRN, status: 'DOCUMENT_REVIEW' });
    expect(steps.get(2)).toEqual([
      expect.objectContaining({ status: 'SUPPLEMENT_REQUESTED', failedItems: ['2.2'] }),
    ]);
    expect(steps.get(3)).toEqual([expect.objectContaining({ status: 'DOCUMENT_REVIEW' })]);

    const approved = steps.get(4)!.at(-1)!;
    expect(approved).toMatchObject({
      applicationId: submitted!.applicationId,
      status: 'APPROVED',
      certificateId: expect.stringMatching(/^C-2026-\d{6}$/),
      inspectedAt: '2026-03-01T09:00:00.000Z',
      // The answered request stays in its history entry, not on the approved application.
      failedItems: [],
    });
    expect(approved.history).toContainEqual(
      expect.objectContaining({ decision: 'REQUEST_SUPPLEMENT', failedItems: ['2.2'] }),
    );

    expect(steps.get(5)).toEqual([
      expect.objectContaining({
        brn: BRN,
        status: 'CERTIFIED',
        allowed: true,
        certificateId: approved.certificateId,
      }),
    ]);
    const [snapshot, feed] = steps.get(6)!;
    expect(JSON.stringify(snapshot)).toContain(`"brn":"${BRN}"`);
    expect(feed!.changes).toEqual([
      expect.objectContaining({ brn: BRN, status: 'CERTIFIED', seq: expect.any(Number) }),
    ]);

    const [codes, intake, cases] = steps.get(7)!;
    expect(codes).toMatchObject({ codes: ['FS2208'] });
    expect(intake).toEqual({ accepted: 120, rejected: [] });
    expect(cases!.items).toEqual([expect.objectContaining({ brn: BRN, status: 'OPEN' })]);

    const [eligibility, notices] = steps.get(8)!;
    expect(eligibility).toMatchObject({ brn: BRN, status: 'SUSPENDED', allowed: false });
    expect(notices).toMatchObject({ brn: BRN, summary: { total: 10, delivered: 10, failed: 0 } });

    // npm start's receivers: one verified line per relay for the certification and the suspension.
    for (const type of ['reseller.certified', 'reseller.suspended']) {
      const lines = relayLines.filter(
        (l) => l.msg === 'relay notice verified' && l.type === type && l.brn === BRN,
      );
      expect(lines.map((l) => l.relayId).sort(), type).toEqual(runtime.relays.map((r) => r.relayId).sort());
    }
  });
});
