import type { Duration } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RouteDef, TableAccess } from '../../shared/http/routes.js';
import { AppFunction } from './app-function.js';
import type { RegistryTables } from './registry-tables.js';

export interface RouteFunctionsProps {
  routes: readonly RouteDef[];
  tables: RegistryTables;
  environment: Record<string, string>;
  memorySize: (fn: string) => number;
  timeout: Duration;
  logRetention: logs.RetentionDays;
}

const ACCESS_RANK: Record<TableAccess, number> = { none: 0, read: 1, readwrite: 2 };

/**
 * One Lambda per distinct `function` of the route table (functions/<name>/handler.ts), each with
 * exactly the table access its routes declare: `read`/`readwrite` on the registry table, and
 * read/write on the idempotency table for routes that honour an Idempotency-Key.
 */
export class RouteFunctions extends Construct {
  readonly byName: ReadonlyMap<string, AppFunction>;

  constructor(scope: Construct, id: string, props: RouteFunctionsProps) {
    super(scope, id);
    const byName = new Map<string, AppFunction>();
    for (const [name, routes] of groupByFunction(props.routes)) {
      const fn = new AppFunction(this, name, {
        entry: `functions/${name}/handler.ts`,
        description: routes.map((r) => `${r.method} ${r.path}`).join(', '),
        memorySize: props.memorySize(name),
        timeout: props.timeout,
        logRetention: props.logRetention,
        environment: props.environment,
      });
      // Routes sharing a function get the widest access any of them declares.
      const access = routes
        .map((r) => r.table)
        .reduce((a, b) => (ACCESS_RANK[b] > ACCESS_RANK[a] ? b : a), 'none' as TableAccess);
      props.tables.grantAccess(fn.function, 'registry', access);
      if (routes.some((r) => r.idempotent)) props.tables.grantAccess(fn.function, 'idempotency', 'readwrite');
      byName.set(name, fn);
    }
    this.byName = byName;
  }

  forRoute(route: RouteDef): AppFunction {
    const fn = this.byName.get(route.function);
    if (!fn) throw new Error(`no function for ${route.operationId}`);
    return fn;
  }
}

function groupByFunction(routes: readonly RouteDef[]): Map<string, RouteDef[]> {
  const groups = new Map<string, RouteDef[]>();
  for (const r of routes) groups.set(r.function, [...(groups.get(r.function) ?? []), r]);
  return groups;
}
