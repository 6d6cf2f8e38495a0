import type { FieldError } from '../core/errors.js';
import type { Deps, RelayOperator } from '../ports.js';

/** The relay operators that entrusted KCUP with certification; KP Mobile joined later. */
export const seedRelayOperators: readonly RelayOperator[] = [
  { relayId: 'kt', name: 'KT' },
  { relayId: 'lguplus', name: 'LG U+' },
  { relayId: 'skb', name: 'SK Broadband' },
  { relayId: 'cjolivenetworks', name: 'CJ OliveNetworks' },
  { relayId: 'daou', name: 'Daou Technology' },
  { relayId: 'infobank', name: 'Infobank' },
  { relayId: 'stdnetworks', name: 'Standard Networks' },
  { relayId: 'surem', name: 'SureM' },
  { relayId: 'gemtech', name: 'Gemtech' },
  { relayId: 'kpmobile', name: 'KP Mobile' },
];

/** The ids among `ids` that are not relay operators of the registry, each named by its field. */
export function unknownRelayErrors(
  known: ReadonlySet<string>,
  ids: readonly string[],
  path: string,
): FieldError[] {
  return ids.flatMap((id, i) =>
    known.has(id)
      ? []
      : [{ path: `${path}[${i}]`, message: `${id} is not a relay operator of the registry` }],
  );
}

/** The relay operators the registry holds now (an admin adds them; there is no fixed list). */
export async function storedRelayIds(deps: Pick<Deps, 'relays'>): Promise<Set<string>> {
  return new Set((await deps.relays.list()).map((r) => r.relayId));
}
