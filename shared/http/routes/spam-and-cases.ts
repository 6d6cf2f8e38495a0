import { listCasesQuery, spamCasePageSchema } from '../../schemas/cases.js';
import { brnParams } from '../../schemas/common.js';
import {
  firstSenderCodesBodySchema,
  firstSenderCodesResultSchema,
} from '../../schemas/first-sender-codes.js';
import { caseDecisionBodySchema, caseDecisionResultSchema, caseIdParams } from '../../schemas/sanctions.js';
import { spamIntakeResultSchema, spamReportsBodySchema } from '../../schemas/spam.js';
import type { RouteDef } from '../routes.js';

/**
 * Spam intake, the cases it opens and their decision, and the first-sender codes reports are
 * attributed by. Each route is its own export; ../routes.ts composes the table.
 */

export const submitSpamReports = {
  operationId: 'submitSpamReports',
  method: 'POST',
  path: '/v1/spam-reports',
  function: 'submit-spam-reports',
  auth: ['monitor'],
  summary: 'Submit up to 500 spam reports; valid ones are queued, invalid rows rejected one by one',
  body: spamReportsBodySchema,
  success: { status: 202, schema: spamIntakeResultSchema, description: 'queued; per-row rejections' },
  table: 'none',
} satisfies RouteDef;

export const listCases = {
  operationId: 'listCases',
  method: 'GET',
  path: '/v1/cases',
  function: 'list-cases',
  auth: ['reviewer', 'committee', 'regulator'],
  summary: 'Spam cases, newest first; filter by status and reseller',
  query: listCasesQuery,
  success: { status: 200, schema: spamCasePageSchema, description: 'a page of cases' },
  table: 'read',
} satisfies RouteDef;

export const putFirstSenderCodes = {
  operationId: 'putFirstSenderCodes',
  method: 'PUT',
  path: '/v1/resellers/{brn}/first-sender-codes',
  function: 'put-first-sender-codes',
  auth: ['reseller', 'admin'],
  summary: 'Set the first-sender identification codes a reseller inserts (409 if another holds one)',
  params: brnParams,
  body: firstSenderCodesBodySchema,
  success: { status: 200, schema: firstSenderCodesResultSchema, description: 'the reseller’s codes' },
  table: 'readwrite',
} satisfies RouteDef;

export const decideCase = {
  operationId: 'decideCase',
  method: 'POST',
  path: '/v1/cases/{caseId}/decision',
  function: 'decide-case',
  auth: ['reviewer', 'committee'],
  summary:
    'Confirm or dismiss an open spam case; warning/throttle/suspension take effect at once, revocation is the committee’s',
  params: caseIdParams,
  body: caseDecisionBodySchema,
  idempotent: true,
  success: {
    status: 200,
    schema: caseDecisionResultSchema,
    description: 'the decided case and its sanction',
  },
  table: 'readwrite',
} satisfies RouteDef;
