import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { applicationBody } from '../support/fixtures.js';
import { as, client } from '../support/http-client.js';
import { startTestRuntime } from '../support/local-runtime.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
  // Business time inside the grace period, so imports land in GRACE.
  await api.post('/_local/clock', { as: as.admin(), body: { set: '2024-07-01T00:00:00Z' } });
});
afterAll(() => runtime?.stop());

describe('public routes', () => {
  it('reports ready once storage and seed data are up', async () => {
    const res = await api.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('publishes a valid OpenAPI 3.1 document covering every deployed route', async () => {
    const res = await api.get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    await SwaggerParser.validate(structuredClone(res.body));
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/v1/applications', '/v1/resellers/{brn}/eligibility', '/v1/registry/changes']),
    );
    expect(res.body.paths['/_local/clock']).toBeUndefined();
  });

  it('describes the signed notice relays receive as a webhook, with every notice type', async () => {
    const res = await api.get('/openapi.json');
    expect(res.body.webhooks.resellerNotice.post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ResellerNotice',
    });
    expect(res.body.components.schemas.ResellerNotice.properties.type.enum).toEqual([
      'reseller.grace',
      'reseller.certified',
      'reseller.throttled',
      'reseller.suspended',
      'reseller.revoked',
      'reseller.reinstated',
      'reseller.blocked',
      'reseller.expired',
    ]);
    expect(res.body.paths['/v1/resellers/{brn}/closure'].post).toBeDefined();
  });
});

describe('authentication and roles', () => {
  it('answers 401 problem+json without a token', async () => {
    const res = await api.get('/v1/checklist');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('answers 401 to a token signed with another key', async () => {
    const forged = `${(await api.token(as.admin())).split('.').slice(0, 2).join('.')}.c2lnbmF0dXJl`;
    expect((await api.get('/v1/checklist', { token: forged })).status).toBe(401);
  });

  it('answers 401 to an expired token', async () => {
    const expired = await runtime.mintToken({ role: 'admin', expiresInSeconds: -60 });
    expect((await api.get('/v1/checklist', { token: expired })).status).toBe(401);
  });

  it('answers 403 to a role the route does not allow', async () => {
    const res = await api.get('/v1/registry', { as: as.reseller('2208162517') });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ status: 403, title: 'Forbidden' });
  });
});

describe('applications', () => {
  const A = '2208162517';
  const B = '1248100998';

  it('accepts an application for the caller’s own brn (dashes allowed) and shows it to the owner', async () => {
    const res = await api.post('/v1/applications', {
      as: as.reseller(A),
      body: applicationBody('220-81-62517'),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ brn: A, applicationId: expect.stringMatching(/^app_/) });
    const got = await api.get(`/v1/applications/${res.body.applicationId}`, { as: as.reseller(A) });
    expect(got.status).toBe(200);
    expect(got.body.history[0]).toMatchObject({ step: 'SUBMITTED', actor: `reseller:${A}` });
    expect(got.body).not.toHaveProperty('flags');
  });

  it('hides one reseller’s application from another with 404', async () => {
    const mine = await api.post('/v1/applications', { as: as.reseller(B), body: applicationBody(B) });
    const theirs = await api.get(`/v1/applications/${mine.body.applicationId}`, {
      as: as.reseller('1010101013'),
    });
    expect(theirs.status).toBe(404);
    const staff = await api.get(`/v1/applications/${mine.body.applicationId}`, { as: as.reviewer() });
    expect(staff.status).toBe(200);
    expect(staff.body).toHaveProperty('flags');
  });

  it('answers 400 naming each invalid field and stores nothing', async () => {
    const brn = '3131313134';
    const res = await api.post('/v1/applications', {
      as: as.reseller(brn),
      body: applicationBody(brn, { representative: { name: 'X', phone: 'nope', email: 'not-an-email' } }),
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.representative.email',
      'body.representative.phone',
    ]);
    const list = await api.get('/v1/applications', { as: as.reseller(brn) });
    expect(list.body.items).toEqual([]);
  });

  it('answers 403 for an application naming another brn, after validating the body', async () => {
    const res = await api.post('/v1/applications', {
      as: as.reseller('5550001116'),
      body: applicationBody(A),
    });
    expect(res.status).toBe(403);
  });

  it('replays the first answer for a retry with the same Idempotency-Key', async () => {
    const brn = '9999999997';
    const headers = { 'idempotency-key': 'submit-9999999997-1' };
    const first = await api.post('/v1/applications', {
      as: as.reseller(brn),
      body: applicationBody(brn),
      headers,
    });
    const again = await api.post('/v1/applications', {
      as: as.reseller(brn),
      body: applicationBody(brn),
      headers,
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.applicationId).toBe(first.body.applicationId);
    const list = await api.get('/v1/applications', { as: as.reseller(brn) });
    expect(list.body.items).toHaveLength(1);
  });

  it('lists the work queue by status for reviewers', async () => {
    const res = await api.get('/v1/applications?status=SUBMITTED&limit=100', { as: as.reviewer() });
    expect(res.status).toBe(200);
    expect(res.body.items.every((a: { status: string }) => a.status === 'SUBMITTED')).toBe(true);
    const bad = await api.get('/v1/applications?status=NOPE', { as: as.reviewer() });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.status');
  });
});

describe('existing resellers, eligibility and the registry', () => {
  it('imports JSON rows idempotently by brn and answers per row', async () => {
    const rows = [
      {
        brn: '0000000015',
        companyName: 'Old One',
        registeredAt: '2020-01-01T00:00:00Z',
        relayOperatorIds: ['kt'],
      },
      { brn: '1234567891', companyName: 'Old Two', registeredAt: '2021-05-01T00:00:00Z' },
    ];
    const first = await api.post('/v1/admin/existing-resellers', { as: as.admin(), body: rows });
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['CREATED', 'CREATED']);
    const again = await api.post('/v1/admin/existing-resellers', { as: as.admin(), body: rows });
    expect(again.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['UNCHANGED', 'UNCHANGED']);
  });

  it('imports CSV and rejects its bad rows by name without blocking the good ones', async () => {
    const csv = [
      'brn,companyName,registeredAt,relayOperatorIds',
      '101-01-01013,CSV Good,2022-02-02T00:00:00Z,kt;skb',
      '2208162518,Bad Digit,2022-02-02T00:00:00Z,',
      '5550001116,,2022-02-02T00:00:00Z,kt',
      '7000000003,Unknown Relay,2022-02-02T00:00:00Z,nosuchrelay',
    ].join('\n');
    const res = await api.post('/v1/admin/existing-resellers', {
      as: as.admin(),
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(200);
    const [good, digit, name, relay] = res.body.results;
    expect(good).toMatchObject({ index: 0, brn: '1010101013', outcome: 'CREATED', status: 'GRACE' });
    expect(digit).toMatchObject({ outcome: 'REJECTED', errors: [{ path: 'brn' }] });
    expect(name).toMatchObject({ outcome: 'REJECTED', errors: [{ path: 'companyName' }] });
    expect(relay).toMatchObject({ outcome: 'REJECTED', errors: [{ path: 'relayOperatorIds[0]' }] });
    const eligibility = await api.get('/v1/resellers/1010101013/eligibility', { as: as.relay() });
    expect(eligibility.body).toMatchObject({ status: 'GRACE', allowed: true, version: 1 });
    const rejected = await api.get('/v1/resellers/5550001116', { as: as.relay() });
    expect(rejected.status).toBe(404);
  });

  it('answers UNCERTIFIED version 0 for an unknown brn and 400 naming path.brn for an invalid one', async () => {
    const unknown = await api.get('/v1/resellers/8888888888/eligibility', { as: as.relay() });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ allowed: false, status: 'UNCERTIFIED', version: 0 });
    const invalid = await api.get('/v1/resellers/7777777777/eligibility', { as: as.relay() });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].path).toBe('path.brn');
  });

  it('lets a reseller read its own eligibility but not another’s', async () => {
    expect(
      (await api.get('/v1/resellers/0000000015/eligibility', { as: as.reseller('0000000015') })).status,
    ).toBe(200);
    expect(
      (await api.get('/v1/resellers/0000000015/eligibility', { as: as.reseller('2208162517') })).status,
    ).toBe(404);
  });

  it('serves the registry with an ETag of the feed head and 304 on revalidation', async () => {
    const first = await api.get('/v1/registry', { as: as.relay() });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toBe(`"${first.body.seq}"`);
    expect(first.body.items.map((i: { brn: string }) => i.brn)).toEqual(
      expect.arrayContaining(['0000000015']),
    );
    const cached = await api.get('/v1/registry', { as: as.relay(), headers: { 'if-none-match': etag } });
    expect(cached.status).toBe(304);
    await api.post('/v1/admin/existing-resellers', {
      as: as.admin(),
      body: [{ brn: '3131313134', companyName: 'Later', registeredAt: '2020-01-01T00:00:00Z' }],
    });
    const changed = await api.get('/v1/registry', { as: as.relay(), headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.body.seq).toBeGreaterThan(first.body.seq);
  });

  it('serves the change feed oldest first, paged by nextCursor', async () => {
    const all = await api.get('/v1/registry/changes?limit=1000', { as: as.regulator() });
    const seqs = all.body.changes.map((c: { seq: number }) => c.seq);
    expect(seqs.length).toBeGreaterThanOrEqual(4);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const page1 = await api.get('/v1/registry/changes?limit=2', { as: as.relay() });
    expect(page1.body.changes).toHaveLength(2);
    const page2 = await api.get(`/v1/registry/changes?limit=2&after=${page1.body.nextCursor}`, {
      as: as.relay(),
    });
    expect(page2.body.changes[0].seq).toBe(seqs[2]);
    const bad = await api.get('/v1/registry/changes?limit=5000', { as: as.relay() });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.limit');
  });

  it('shows the reseller profile to relays with its current eligibility', async () => {
    const res = await api.get('/v1/resellers/000-00-00015', { as: as.relay() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ brn: '0000000015', existing: true, eligibility: { status: 'GRACE' } });
  });
});

describe('reference data', () => {
  it('lists the ten relay operators, webhook URLs for admins only', async () => {
    const res = await api.get('/v1/relay-operators', { as: as.monitor() });
    expect(res.body.items.map((r: { relayId: string }) => r.relayId).sort()).toEqual([
      'cjolivenetworks',
      'daou',
      'gemtech',
      'infobank',
      'kpmobile',
      'kt',
      'lguplus',
      'skb',
      'stdnetworks',
      'surem',
    ]);
  });

  it('serves checklist v7 to any role', async () => {
    const res = await api.get('/v1/checklist', { as: as.relay() });
    expect(res.body.version).toBe(7);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual(
      expect.arrayContaining(['0.1', '2.1', '5.2']),
    );
  });

  it('serves the policy in force at the business time with effective dates', async () => {
    const res = await api.get('/v1/policy', { as: as.regulator() });
    expect(res.body).toMatchObject({ version: 1, parameters: { minPaidInCapitalKrw: 50_000_000 } });
    expect(res.body.effectiveDates.existingDeadline).toBe('2024-05-31T15:00:00.000Z');
    expect((await api.get('/v1/policy', { as: as.relay() })).status).toBe(403);
  });

  it('moves the business clock for admins only', async () => {
    const res = await api.post('/_local/clock', { as: as.admin(), body: { advanceSeconds: 60 } });
    expect(Date.parse(res.body.now)).toBeGreaterThan(Date.parse('2024-07-01T00:01:00Z') - 5_000);
    expect((await api.post('/_local/clock', { as: as.reviewer(), body: { advanceSeconds: 1 } })).status).toBe(
      403,
    );
    const bad = await api.post('/_local/clock', { as: as.admin(), body: { set: 'tomorrow' } });
    expect(bad.status).toBe(400);
  });

  it('adds a policy version for admins only, effective from a future date, never in the past', async () => {
    const change = {
      effectiveFrom: '2024-08-01T00:00:00Z',
      parameters: { supplementDeadlineDays: 21 },
      source: 'test notice',
    };
    expect((await api.put('/v1/policy', { as: as.regulator(), body: change })).status).toBe(403);
    const added = await api.put('/v1/policy', { as: as.admin(), body: change });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      version: 3,
      parameters: { supplementDeadlineDays: 21, minPaidInCapitalKrw: 50_000_000 },
    });
    const past = await api.put('/v1/policy', {
      as: as.admin(),
      body: { ...change, effectiveFrom: '2020-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(400);
    expect(past.body.errors[0].path).toBe('body.effectiveFrom');
    await api.post('/_local/clock', { as: as.admin(), body: { set: '2024-08-01T00:00:01Z' } });
    const now = await api.get('/v1/policy', { as: as.regulator() });
    expect(now.body).toMatchObject({ version: 3, parameters: { supplementDeadlineDays: 21 } });
    expect(now.body.effectiveDates.supplementDeadlineDays).toBe('2024-08-01T00:00:00.000Z');
  });
});
