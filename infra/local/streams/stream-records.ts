import { randomUUID } from 'node:crypto';
import type { _Record, AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, Context, DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';

/** Stream records as Lambda hands them to a function, the event filter, and what a batch's outcome checkpoints. */

/** Only records of items whose `entity` attribute is one of these (the topology's stream filter). */
export function entityFilter(
  entities: readonly string[],
  eventNames?: readonly string[],
): (record: DynamoDBRecord) => boolean {
  const wanted = new Set(entities);
  return (record) => {
    if (eventNames && !eventNames.includes(record.eventName ?? '')) return false;
    const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
    const entity = image?.entity?.S;
    return entity !== undefined && wanted.has(entity);
  };
}

/** An SDK attribute value in Lambda's JSON shape (binary as base64). */
function toLambdaValue(v: SdkAttributeValue): AttributeValue {
  if (v.S !== undefined) return { S: v.S };
  if (v.N !== undefined) return { N: v.N };
  if (v.BOOL !== undefined) return { BOOL: v.BOOL };
  if (v.NULL !== undefined) return { NULL: v.NULL };
  if (v.SS !== undefined) return { SS: v.SS };
  if (v.NS !== undefined) return { NS: v.NS };
  if (v.B !== undefined) return { B: Buffer.from(v.B).toString('base64') };
  if (v.BS !== undefined) return { BS: v.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (v.L !== undefined) return { L: v.L.map(toLambdaValue) };
  if (v.M !== undefined) return { M: toLambdaImage(v.M) };
  return { NULL: true };
}

function toLambdaImage(image: Record<string, SdkAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, toLambdaValue(v)]));
}

/** One stream record as Lambda hands it over. */
export function toLambdaRecord(r: _Record, streamArn: string, region: string): DynamoDBRecord {
  const d = r.dynamodb ?? {};
  const created = d.ApproximateCreationDateTime;
  return {
    ...(r.eventID ? { eventID: r.eventID } : {}),
    ...(r.eventName ? { eventName: r.eventName } : {}),
    eventVersion: r.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: r.awsRegion ?? region,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
      ...(d.Keys ? { Keys: toLambdaImage(d.Keys) } : {}),
      ...(d.NewImage ? { NewImage: toLambdaImage(d.NewImage) } : {}),
      ...(d.OldImage ? { OldImage: toLambdaImage(d.OldImage) } : {}),
      ...(d.SequenceNumber ? { SequenceNumber: d.SequenceNumber } : {}),
      ...(d.SizeBytes !== undefined ? { SizeBytes: d.SizeBytes } : {}),
      ...(d.StreamViewType ? { StreamViewType: d.StreamViewType } : {}),
    },
  };
}

export function lambdaContext(functionName: string): Context {
  const awsRequestId = randomUUID();
  const deadline = Date.now() + 900_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${awsRequestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Of a handled batch, how many records (from the start) are done: all on success; those before the
 * first reported failure under ReportBatchItemFailures; none on a throw or an unknown identifier.
 */
export function handledPrefix(
  records: readonly DynamoDBRecord[],
  outcome: { ok: true; response: unknown } | { ok: false },
): number {
  if (!outcome.ok) return 0;
  const failures = (outcome.response as DynamoDBBatchResponse | undefined)?.batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return records.length;
  let first = records.length;
  for (const f of failures) {
    const i = records.findIndex((r) => r.dynamodb?.SequenceNumber === f?.itemIdentifier);
    if (typeof f?.itemIdentifier !== 'string' || !f.itemIdentifier || i < 0) return 0;
    first = Math.min(first, i);
  }
  return first;
}
