import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ConsumerProgress, StreamProgress } from '../../batch/stream-dispatch.js';
import { env } from '../../config/env.js';
import { documentDb } from './client.js';
import { keys } from './keys.js';

/** Progress outlives the stream's 24-hour retention: no retry of its batch can come later. */
const PROGRESS_TTL_S = 2 * 24 * 3600;

/**
 * Stream consumers' progress in the registry table (entity `stream-progress`, which no stream
 * consumer's filter lets through). One read per batch, writes only when a batch comes back.
 */
export class DynamoStreamProgress implements StreamProgress {
  constructor(private readonly tableName: () => string = () => env().TABLE_NAME) {}

  async read(consumers: readonly string[], resumeAt: string): Promise<ReadonlyMap<string, string>> {
    const table = this.tableName();
    const out = await documentDb().send(
      new BatchGetCommand({
        RequestItems: { [table]: { Keys: consumers.map((c) => keys.streamProgress(c, resumeAt)) } },
      }),
    );
    const found = new Map<string, string>();
    for (const item of out.Responses?.[table] ?? []) {
      if (typeof item.consumer === 'string' && typeof item.through === 'string')
        found.set(item.consumer, item.through);
    }
    return found;
  }

  async save(progress: readonly ConsumerProgress[]): Promise<void> {
    const expiresAt = Math.floor(Date.now() / 1000) + PROGRESS_TTL_S;
    await documentDb().send(
      new BatchWriteCommand({
        RequestItems: {
          [this.tableName()]: progress.map((p) => ({
            PutRequest: {
              Item: {
                ...keys.streamProgress(p.consumer, p.resumeAt),
                entity: 'stream-progress',
                consumer: p.consumer,
                through: p.through,
                expiresAt,
              },
            },
          })),
        },
      }),
    );
  }
}
