import * as routes from '../../shared/http/routes/verifiable-registry.js';
import { sharedFunction } from '../../shared/http/shared-function.js';
import { handler as checkpoint } from './checkpoint.js';
import { handler as consistency } from './consistency.js';
import { handler as inclusion } from './inclusion.js';
import { handler as tile } from './tile.js';
import { handler as verifierKey } from './vkey.js';

/**
 * The public, read-only face of the transparency log (checkpoint, tiles, proofs, verifier key): one
 * Lambda, so the API stack stays under CloudFormation's 500-resource limit; every route keeps its own
 * middleware stack.
 */
export const handler = sharedFunction([
  [routes.getLogCheckpoint, checkpoint],
  [routes.getLogTile, tile],
  [routes.getLogInclusion, inclusion],
  [routes.getLogConsistency, consistency],
  [routes.getLogVerifierKey, verifierKey],
]);
