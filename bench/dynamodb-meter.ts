import { type AttributeValue, BatchGetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { tableDefinitions } from '../shared/adapters/dynamodb/table-definitions.js';

/**
 * Counts what a DynamoDB client sends: every HTTP request (SDK retries included) by operation, the
 * write actions inside each write request, and the ConsumedCapacity DynamoDB answers (it asks for
 * `ReturnConsumedCapacity: TOTAL` on every write that does not ask itself). Attach it to the one
 * client the adapters share (`dynamoClient()`); `detach()` removes it again.
 */
export const WRITE_OPERATIONS = [
  'TransactWriteItems',
  'BatchWriteItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
] as const;
const READ_OPERATIONS = ['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems'];

type Item = Record<string, AttributeValue>;
/** One item written: a put carries its item; an update or delete only its key. */
export interface WriteAction {
  kind: 'put' | 'update' | 'delete';
  table: string;
  transactional: boolean;
  key?: Item;
  item?: Item;
}

export interface MeterReading {
  writeRequests: number;
  readRequests: number;
  byOperation: Record<string, number>;
  actions: WriteAction[];
  /** Sum of the ConsumedCapacity DynamoDB returned for the write requests (undefined: none returned). */
  reportedWcu: number | undefined;
  /** Sum of the ConsumedCapacity DynamoDB returned for the read requests. */
  reportedRcu: number;
}

type RelativeMiddleware = Parameters<DynamoDBClient['middlewareStack']['addRelativeTo']>[0];

const NAME = 'benchDynamoMeter';
const INJECT = 'benchDynamoMeterCapacity';

function decode(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  return '';
}

/** The write actions of one request, from the JSON DynamoDB receives (attribute values marshalled). */
function actionsOf(operation: string, input: Record<string, unknown>): WriteAction[] {
  const table = String(input.TableName ?? '');
  switch (operation) {
    case 'PutItem':
      return [{ kind: 'put', table, transactional: false, item: input.Item as Item }];
    case 'UpdateItem':
      return [{ kind: 'update', table, transactional: false, key: input.Key as Item }];
    case 'DeleteItem':
      return [{ kind: 'delete', table, transactional: false, key: input.Key as Item }];
    case 'BatchWriteItem':
      return Object.entries(
        input.RequestItems as Record<string, Record<string, { Item?: Item; Key?: Item }>[]>,
      ).flatMap(([t, requests]) =>
        requests.map(
          (r): WriteAction =>
            r.PutRequest
              ? { kind: 'put', table: t, transactional: false, item: r.PutRequest.Item! }
              : { kind: 'delete', table: t, transactional: false, key: r.DeleteRequest!.Key! },
        ),
      );
    case 'TransactWriteItems':
      return (
        input.TransactItems as Record<string, { TableName: string; Item?: Item; Key?: Item }>[]
      ).flatMap((t): WriteAction[] => {
        if (t.Put) return [{ kind: 'put', table: t.Put.TableName, transactional: true, item: t.Put.Item! }];
        if (t.Update)
          return [{ kind: 'update', table: t.Update.TableName, transactional: true, key: t.Update.Key! }];
        if (t.Delete)
          return [{ kind: 'delete', table: t.Delete.TableName, transactional: true, key: t.Delete.Key! }];
        return []; // ConditionCheck: read capacity, not a write
      });
    default:
      return [];
  }
}

function capacityOf(output: unknown): number {
  const cc = (output as { ConsumedCapacity?: unknown } | undefined)?.ConsumedCapacity;
  const list = Array.isArray(cc) ? cc : cc ? [cc] : [];
  return list.reduce((n, c: { CapacityUnits?: number }) => n + (c.CapacityUnits ?? 0), 0);
}

export function attachMeter(client: DynamoDBClient) {
  let reading: MeterReading;
  let reportedAny = false;
  const reset = () => {
    reading = {
      writeRequests: 0,
      readRequests: 0,
      byOperation: {},
      actions: [],
      reportedWcu: 0,
      reportedRcu: 0,
    };
    reportedAny = false;
  };
  reset();
  // Ask for the capacity on every write (the adapters do not): set on the input the serializer reads.
  const askCapacity =
    (next: (args: { input: object }) => Promise<unknown>, context: { commandName?: string }) =>
    (args: { input: object }) => {
      const operation = context.commandName?.replace(/Command$/, '') ?? '';
      const input = args.input as Record<string, unknown>;
      if ((WRITE_OPERATIONS as readonly string[]).includes(operation) || READ_OPERATIONS.includes(operation))
        input.ReturnConsumedCapacity ??= 'TOTAL';
      return next(args);
    };
  client.middlewareStack.addRelativeTo(askCapacity as unknown as RelativeMiddleware, {
    relation: 'before',
    toMiddleware: 'serializerMiddleware',
    name: INJECT,
  });
  // Inside the retry middleware: once per HTTP request DynamoDB receives.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context as { commandName?: string }).commandName?.replace(/Command$/, '') ?? '';
      const isWrite = (WRITE_OPERATIONS as readonly string[]).includes(operation);
      reading.byOperation[operation] = (reading.byOperation[operation] ?? 0) + 1;
      if (isWrite) {
        reading.writeRequests += 1;
        const body = decode((args.request as { body?: unknown }).body);
        reading.actions.push(...actionsOf(operation, JSON.parse(body)));
      } else if (READ_OPERATIONS.includes(operation)) reading.readRequests += 1;
      const out = await next(args);
      if (isWrite) {
        const cc = (out.output as { ConsumedCapacity?: unknown } | undefined)?.ConsumedCapacity;
        if (cc !== undefined) reportedAny = true;
        reading.reportedWcu = (reading.reportedWcu ?? 0) + capacityOf(out.output);
      } else if (READ_OPERATIONS.includes(operation)) reading.reportedRcu += capacityOf(out.output);
      return out;
    },
    { step: 'finalizeRequest', priority: 'low', name: NAME },
  );
  return {
    reset,
    /** What was sent since the last reset. */
    read(): MeterReading {
      return { ...reading, reportedWcu: reportedAny ? reading.reportedWcu : undefined };
    },
    detach() {
      client.middlewareStack.remove(NAME);
      client.middlewareStack.remove(INJECT);
    },
  };
}

// ── write capacity units by AWS's rules ─────────────────────────────────────────────────────────

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** A number's stored size: about one byte per two significant digits, plus one. */
function numberSize(n: string): number {
  const digits = n
    .replace(/^-/, '')
    .replace(/e.*$/i, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

/** Binary values arrive base64-encoded in the request JSON. */
const binarySize = (b: unknown) =>
  typeof b === 'string' ? Buffer.from(b, 'base64').length : (b as Uint8Array).length;

function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return bytes(v.S);
  if (v.N !== undefined) return numberSize(v.N);
  if (v.B !== undefined) return binarySize(v.B);
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((n, s) => n + bytes(s), 0);
  if (v.NS) return v.NS.reduce((n, s) => n + numberSize(s), 0);
  if (v.BS) return v.BS.reduce((n, b) => n + binarySize(b), 0);
  if (v.L) return 3 + v.L.reduce((n, e) => n + 1 + valueSize(e), 0);
  if (v.M) return 3 + Object.entries(v.M).reduce((n, [k, e]) => n + 1 + bytes(k) + valueSize(e), 0);
  return 0;
}

/** An item's size as DynamoDB bills it: attribute names plus values (UTF-8). */
export function itemSize(item: Item): number {
  return Object.entries(item).reduce((n, [k, v]) => n + bytes(k) + valueSize(v), 0);
}

const keyOf = (table: string, key: Item) => `${table}\u0000${JSON.stringify(key)}`;

/**
 * WCU by AWS's rules (DynamoDB developer guide, "Capacity unit consumption"): each item written
 * costs 1 WCU per started KB (2 in a transaction); an update or a put over an existing item is
 * billed on the larger of the item before and after; every GSI whose keys the item carries (all
 * project ALL) costs the same again. Updates are sized with the item's final image, read after the
 * run: an upper bound for each update, exact whenever the item stays within one KB (counters do).
 */
export async function awsWriteUnits(
  client: DynamoDBClient,
  actions: readonly WriteAction[],
): Promise<number> {
  const keyAttributes = new Map<string, { key: string[]; indexes: [string, string | undefined][] }>();
  for (const def of tableDefinitions) {
    keyAttributes.set(def.id, {
      key: [def.partitionKey.name, ...(def.sortKey ? [def.sortKey.name] : [])],
      indexes: def.globalSecondaryIndexes.map((g) => [g.partitionKey.name, g.sortKey?.name]),
    });
  }
  const shapeOf = (table: string) =>
    keyAttributes.get(table.endsWith('-idempotency') ? 'idempotency' : 'registry')!;
  const pick = (table: string, item: Item): Item =>
    Object.fromEntries(shapeOf(table).key.map((k) => [k, item[k]!]));

  // Final images of everything updated or deleted (updates need the item after, deletes before: gone).
  const wanted = new Map<string, { table: string; key: Item }>();
  for (const a of actions)
    if (a.kind === 'update' && a.key) wanted.set(keyOf(a.table, a.key), { table: a.table, key: a.key });
  const finals = new Map<string, Item>();
  const pending = [...wanted.values()];
  for (let i = 0; i < pending.length; i += 100) {
    let request: Record<string, { Keys: Item[] }> | undefined = {};
    for (const { table, key } of pending.slice(i, i + 100)) {
      request[table] ??= { Keys: [] };
      request[table].Keys.push(key);
    }
    while (request && Object.keys(request).length > 0) {
      const out = await client.send(new BatchGetItemCommand({ RequestItems: request }));
      for (const [table, items] of Object.entries(out.Responses ?? {}))
        for (const item of items) finals.set(keyOf(table, pick(table, item)), item);
      request = out.UnprocessedKeys as typeof request;
    }
  }

  let units = 0;
  for (const a of actions) {
    const image = a.kind === 'put' ? a.item : a.key ? finals.get(keyOf(a.table, a.key)) : undefined;
    const size = image ? itemSize(image) : 0;
    const perWrite = Math.max(1, Math.ceil(size / 1024)) * (a.transactional ? 2 : 1);
    const indexes = image
      ? shapeOf(a.table).indexes.filter(
          ([pk, sk]) => image[pk] !== undefined && (!sk || image[sk] !== undefined),
        ).length
      : 0;
    units += perWrite * (1 + indexes);
  }
  return units;
}
