import * as z from 'zod';

const count = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const attestationSchema = z
  .object({
    attestation: z.string().describe('compact JWS, ES256, typ eligibility+jwt'),
    expiresAt: z.string(),
  })
  .meta({ id: 'EligibilityAttestation' });

export const jwksSchema = z
  .object({ keys: z.array(z.object({ kty: z.string(), kid: z.string() }).loose()) })
  .meta({ id: 'JsonWebKeySet' });

export const inclusionQuery = z
  .object({ seq: count.min(1).optional(), leafIndex: count.optional(), treeSize: count.min(1).optional() })
  .refine((q) => (q.seq === undefined) !== (q.leafIndex === undefined), {
    message: 'give exactly one of seq and leafIndex',
    path: ['seq'],
  });

export const inclusionProofSchema = z
  .object({ leafIndex: z.number().int(), treeSize: z.number().int(), hashes: z.array(z.string()) })
  .meta({ id: 'InclusionProof' });

export const consistencyQuery = z.object({ from: count.min(1), to: count.min(1).optional() });

export const consistencyProofSchema = z
  .object({ from: z.number().int(), to: z.number().int(), hashes: z.array(z.string()) })
  .meta({ id: 'ConsistencyProof' });

export const tileParams = z.object({ tile: z.string().min(1).max(200) });
