/**
 * The service name (Powertools' `service` on every log line and metric dimension) and the metrics
 * namespace: CDK sets them on every function (infra/config.ts), the local runtime on its process.
 */
export const SERVICE_NAME = 'bulk-text-registry';
export const METRICS_NAMESPACE = 'BulkTextRegistry';
