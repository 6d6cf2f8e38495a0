import type { StageConfig } from '../config.js';
import type { RegistryTables } from './registry-tables.js';

/**
 * The environment every function of the app gets (shared/config/env.ts parses it at cold start).
 * MACHINE_CLIENTS and the state machine ARN are added only where needed.
 */
export function functionEnvironment(config: StageConfig, tables: RegistryTables): Record<string, string> {
  return {
    TABLE_NAME: tables.registry.tableName,
    // Always set, even where unused: env() requires it, and a missing variable fails the cold start.
    IDEMPOTENCY_TABLE_NAME: tables.idempotency.tableName,
    STAGE: config.stage,
    POWERTOOLS_SERVICE_NAME: config.serviceName,
    POWERTOOLS_METRICS_NAMESPACE: config.metricsNamespace,
    POWERTOOLS_LOG_LEVEL: 'INFO',
  };
}

export const memoryFor =
  (config: StageConfig) =>
  (fn: string): number =>
    config.functions.memoryOverrides[fn] ?? config.functions.memorySize;
