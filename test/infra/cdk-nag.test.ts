import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { addNagChecks } from '../../infra/registry-app.js';
import { registryApp } from './support.js';

interface Report {
  pluginReports: { pluginName: string; violations: { ruleName: string }[] }[];
}

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id,
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in any stage, and synthesis succeeds with the checks on', () => {
    for (const stage of ['dev', 'prod']) {
      const { app } = registryApp({ stage, nag: true });
      // The same checks the validation plugin runs, returned as data: errors and warnings alike.
      const report = new AwsSolutionsChecks().validateScope(app);
      expect(
        report.violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`),
        stage,
      ).toEqual([]);
      expect(() => app.synth()).not.toThrow();
    }
    // Two whole apps synthesised (with the console's files staged): a budget for shared machines.
  });

  it('gives every acknowledgement a written reason', () => {
    const { app } = registryApp({ nag: true });
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThan(40);
  });

  it('acknowledges the public-route findings (APIG4, COG4) only on the public methods', () => {
    const { app } = registryApp({ nag: true });
    const openAcks = acknowledgements(app).filter((a) => /AwsSolutions-(APIG4|COG4)$/.test(a.id));
    // Besides those, only the console's CORS preflights (OPTIONS mock methods) are open.
    const publicAcks = openAcks.filter((a) => !a.path.endsWith('/OPTIONS'));
    expect(
      openAcks.filter((a) => a.path.endsWith('/OPTIONS')).every((a) => /\/Http\/Api\//.test(a.path)),
    ).toBe(true);
    expect(new Set(publicAcks.map((a) => a.path))).toEqual(
      new Set([
        'bulk-text-registry-dev-api/Http/Api/Default/health/GET',
        'bulk-text-registry-dev-api/Http/Api/Default/openapi.json/GET',
        'bulk-text-registry-dev-api/Http/Api/Default/.well-known/jwks.json/GET',
        'bulk-text-registry-dev-api/Http/Api/Default/v1/log/inclusion/GET',
        'bulk-text-registry-dev-api/Http/Api/Default/v1/log/consistency/GET',
      ]),
    );
    expect(publicAcks).toHaveLength(10);
  });

  // Proves the check is live: a violation nobody acknowledged fails synthesis; acknowledged, it passes.
  it('fails synthesis on an unacknowledged finding in a throwaway stack', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'nag-negative-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Throwaway');
    const bucket = new s3.Bucket(stack, 'Bucket');
    Validations.of(bucket).acknowledge(
      { id: 'AwsSolutions-S1', reason: 'throwaway bucket of a test: access logs are beside the point here' },
      {
        id: 'AwsSolutions-S10',
        reason: 'acknowledged to show acknowledgement works; removed in the next test',
      },
    );
    const unacknowledged = new s3.Bucket(stack, 'Unacknowledged');
    Validations.of(unacknowledged).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'throwaway bucket of a test: access logs are beside the point here',
    });
    addNagChecks(app);

    expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as Report;
    const rules = report.pluginReports.flatMap((p) => p.violations.map((v) => v.ruleName));
    expect(rules).toEqual(['AwsSolutions-S10']);
  });

  it('passes synthesis once every finding is acknowledged', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'nag-positive-')) });
    const stack = new Stack(app, 'Throwaway');
    const bucket = new s3.Bucket(stack, 'Bucket');
    Validations.of(bucket).acknowledge(
      { id: 'AwsSolutions-S1', reason: 'throwaway bucket of a test: access logs are beside the point here' },
      { id: 'AwsSolutions-S10', reason: 'throwaway bucket of a test: nothing is ever read from it' },
    );
    addNagChecks(app);
    expect(() => app.synth()).not.toThrow();
  });
});
