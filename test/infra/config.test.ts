import { describe, expect, it } from 'vitest';
import { DEFAULT_REGION, stageConfig, validateAttestationKeys } from '../../infra/config.js';

describe('stage configuration', () => {
  it('defaults to the dev stage in ap-northeast-2 with no account, so synth needs no credentials', () => {
    const config = stageConfig();
    expect(config.stage).toBe('dev');
    expect(DEFAULT_REGION).toBe('ap-northeast-2');
    expect(config.env).toEqual({ region: 'ap-northeast-2' });
  });

  it('takes account and region when given', () => {
    expect(stageConfig({ stage: 'prod', account: '123456789012', region: 'ap-northeast-1' }).env).toEqual({
      account: '123456789012',
      region: 'ap-northeast-1',
    });
  });

  it('rejects an unknown stage', () => {
    expect(() => stageConfig({ stage: 'staging' })).toThrow(/unknown stage "staging"/);
  });

  it('gives each stage its own hosted auth domain prefix', () => {
    expect(stageConfig({ stage: 'dev' }).auth.domainPrefix).not.toBe(
      stageConfig({ stage: 'prod' }).auth.domainPrefix,
    );
  });

  it('has unique kebab-case machine client names, relay ids only on relay clients', () => {
    const { machineClients } = stageConfig();
    expect(new Set(machineClients.map((c) => c.name)).size).toBe(machineClients.length);
    for (const c of machineClients) {
      expect(c.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(Boolean(c.relayId)).toBe(c.role === 'relay');
    }
  });

  it('starts every stage with one attestation key and refuses a ring that would leave a gap or two signers', () => {
    for (const stage of ['dev', 'prod']) {
      expect(stageConfig({ stage }).attestationKeys).toEqual([
        { name: 'attestation-1', activatedAt: '1970-01-01T00:00:00.000Z' },
      ]);
    }
    const rotation = '2026-06-01T00:00:00.000Z';
    const rotated = [
      { name: 'attestation-1', activatedAt: '1970-01-01T00:00:00.000Z', retiredAt: rotation },
      { name: 'attestation-2', activatedAt: rotation },
    ];
    expect(() => validateAttestationKeys(rotated)).not.toThrow();
    const { retiredAt: _never, ...unretired } = rotated[0]!;
    expect(() => validateAttestationKeys([unretired, rotated[1]!])).toThrow(
      /attestation-1 must retire when attestation-2 activates/,
    );
    expect(() => validateAttestationKeys([{ ...rotated[1]!, name: 'Attestation 2' }])).toThrow(/kebab-case/);
  });
});
