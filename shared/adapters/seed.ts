import { seedRelayOperators } from '../domain/notices/relay-operators.js';
import { coreDeps } from './deps.js';

/** Seeds reference data idempotently: safe on every start and every deploy. */
export async function seedRegistry(): Promise<void> {
  const { relays } = coreDeps();
  await Promise.all(seedRelayOperators.map((r) => relays.ensure(r)));
}
