import { brnParams } from '../../schemas/common.js';
import {
  attestationSchema,
  consistencyProofSchema,
  consistencyQuery,
  inclusionProofSchema,
  inclusionQuery,
  jwksSchema,
  tileParams,
} from '../../schemas/verifiable-registry.js';
import type { RouteDef } from '../routes.js';

/**
 * Signed attestations, their keys and the transparency log. The checkpoint, tiles and log key
 * are static objects behind CloudFront in AWS (written by the log writer), so here they are
 * local-only routes served from the table. Each route is its own export; ../routes.ts composes the table.
 */

export const getAttestation = {
  operationId: 'getAttestation',
  method: 'GET',
  path: '/v1/resellers/{brn}/attestation',
  function: 'get-attestation',
  auth: ['reseller', 'relay', 'reviewer', 'committee', 'regulator', 'admin'],
  summary: 'A signed eligibility attestation (compact JWS, ES256) a relay can verify offline with the JWKS',
  params: brnParams,
  success: { status: 200, schema: attestationSchema, description: 'the attestation and its expiry' },
  table: 'read',
} satisfies RouteDef;

export const getJwks = {
  operationId: 'getJwks',
  method: 'GET',
  path: '/.well-known/jwks.json',
  function: 'get-jwks',
  auth: 'public',
  summary: 'The attestation signing keys: the current one and older ones whose attestations may be valid',
  success: { status: 200, schema: jwksSchema, description: 'the JSON Web Key Set' },
  table: 'none',
} satisfies RouteDef;

export const getLogInclusion = {
  operationId: 'getLogInclusion',
  method: 'GET',
  path: '/v1/log/inclusion',
  function: 'read-transparency-log',
  auth: 'public',
  summary: 'RFC 6962 audit path of a change (seq) or leaf in a checkpointed tree size',
  query: inclusionQuery,
  success: { status: 200, schema: inclusionProofSchema, description: 'the inclusion proof' },
  table: 'read',
} satisfies RouteDef;

export const getLogConsistency = {
  operationId: 'getLogConsistency',
  method: 'GET',
  path: '/v1/log/consistency',
  function: 'read-transparency-log',
  auth: 'public',
  summary: 'RFC 6962 consistency proof between two checkpointed tree sizes',
  query: consistencyQuery,
  success: { status: 200, schema: consistencyProofSchema, description: 'the consistency proof' },
  table: 'read',
} satisfies RouteDef;

export const getLogCheckpoint = {
  operationId: 'getLogCheckpoint',
  method: 'GET',
  path: '/log/checkpoint',
  function: 'read-transparency-log',
  auth: 'public',
  summary: 'The latest C2SP checkpoint, an Ed25519 signed note (CloudFront in AWS)',
  success: { status: 200, description: 'text/plain signed note' },
  table: 'read',
  localOnly: true,
} satisfies RouteDef;

export const getLogVerifierKey = {
  operationId: 'getLogVerifierKey',
  method: 'GET',
  path: '/log/vkey',
  function: 'read-transparency-log',
  auth: 'public',
  summary: 'The log key as a C2SP verifier key (CloudFront in AWS)',
  success: { status: 200, description: 'text/plain verifier key' },
  table: 'none',
  localOnly: true,
} satisfies RouteDef;

export const getLogTile = {
  operationId: 'getLogTile',
  method: 'GET',
  path: '/log/tile/{tile+}',
  function: 'read-transparency-log',
  auth: 'public',
  summary: 'C2SP tlog-tiles hash tiles and entry bundles (CloudFront in AWS)',
  params: tileParams,
  success: { status: 200, description: 'application/octet-stream tile' },
  table: 'read',
  localOnly: true,
} satisfies RouteDef;
