import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../infra/triggers/pre-token-generation.js';

function event(userAttributes: Record<string, string>): PreTokenGenerationV2TriggerEvent {
  return {
    version: '2',
    triggerSource: 'TokenGeneration_Authentication',
    region: 'ap-northeast-2',
    userPoolId: 'ap-northeast-2_test',
    userName: 'user',
    callerContext: { awsSdkVersion: 'x', clientId: 'client' },
    request: { userAttributes, groupConfiguration: { groupsToOverride: ['reseller'] }, scopes: [] },
    response: { claimsAndScopeOverrideDetails: {} },
  } as PreTokenGenerationV2TriggerEvent;
}

describe('pre token generation trigger', () => {
  it("copies a reseller's custom:brn into the access token and leaves the ID token alone", async () => {
    const out = await handler(event({ sub: 's', email: 'a@b.kr', 'custom:brn': '2208162517' }));
    expect(out.response.claimsAndScopeOverrideDetails).toEqual({
      accessTokenGeneration: { claimsToAddOrOverride: { 'custom:brn': '2208162517' } },
    });
  });

  it("copies a relay operator's custom:relay_id", async () => {
    const out = await handler(event({ sub: 's', 'custom:relay_id': 'kt' }));
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.claimsToAddOrOverride).toEqual({
      'custom:relay_id': 'kt',
    });
  });

  it('adds nothing for staff without custom attributes and never touches groups or scopes', async () => {
    const out = await handler(event({ sub: 's', email: 'reviewer@kcup.or.kr' }));
    expect(out.response.claimsAndScopeOverrideDetails).toEqual({
      accessTokenGeneration: { claimsToAddOrOverride: {} },
    });
  });
});
