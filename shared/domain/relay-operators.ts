import type { RelayOperator } from './ports.js';

/** The relay operators that entrusted KCUP (DESIGN.md §1); KP Mobile joined later. */
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
