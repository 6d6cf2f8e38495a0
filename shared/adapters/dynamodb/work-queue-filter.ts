import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { WorkQueueFilter } from '../../domain/work-queues/work-queue.js';

/**
 * The filter part of a work-queue query: the key condition picks the partition (by reseller, by
 * status, or all), the rest is filtered on the item. `status` is filtered only when the partition
 * is not already the status's own; `dueBefore` compares the item's due attribute (ISO instants
 * sort as strings); `staffStatuses`, when given, keeps only items in those statuses (an
 * application's deadline counts only while the step is staff's).
 */
export function workQueueQuery(
  pk: { index: string; pk: string; value: string },
  filter: WorkQueueFilter & { status?: string },
  options: { statusInKey: boolean; dueAttribute: string; staffStatuses?: readonly string[] },
): Pick<
  QueryCommandInput,
  | 'IndexName'
  | 'KeyConditionExpression'
  | 'FilterExpression'
  | 'ExpressionAttributeNames'
  | 'ExpressionAttributeValues'
> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':pk': pk.value };
  const filters: string[] = [];
  if (filter.status && !options.statusInKey) {
    names['#status'] = 'status';
    values[':status'] = filter.status;
    filters.push('#status = :status');
  }
  if (filter.assignee) {
    names['#assignee'] = 'assignee';
    values[':assignee'] = filter.assignee;
    filters.push('#assignee = :assignee');
  }
  if (filter.dueBefore) {
    names['#due'] = options.dueAttribute;
    values[':due'] = filter.dueBefore;
    filters.push('#due <= :due');
    if (options.staffStatuses) {
      names['#status'] = 'status';
      const keys = options.staffStatuses.map((s, i) => {
        values[`:staff${i}`] = s;
        return `:staff${i}`;
      });
      filters.push(`#status IN (${keys.join(', ')})`);
    }
  }
  return {
    IndexName: pk.index,
    KeyConditionExpression: `${pk.pk} = :pk`,
    ExpressionAttributeValues: values,
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
  };
}
