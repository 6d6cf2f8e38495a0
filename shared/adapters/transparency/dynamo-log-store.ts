import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { env } from '../../config/env.js';
import {
  LogContentionError,
  type LogState,
  type NewLeaf,
  type TileNode,
  type TransparencyLogStore,
} from '../../domain/transparency/log-ports.js';
import type { Hash } from '../../domain/transparency/merkle.js';
import { documentDb } from '../dynamodb/client.js';
import { keys } from '../dynamodb/keys.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const table = () => env().TABLE_NAME;

interface StoredState {
  size: number;
  feedSeq: number;
  frontier: { level: number; hash: Uint8Array }[];
}

/**
 * The transparency log in the registry table: one partition per tile (leaf hashes with their
 * entries at level 0, complete-subtree hashes above), a marker per appended event, the tree state
 * and the latest checkpoint. Appends are one transaction conditional on the state they extend.
 */
export class DynamoTransparencyLogStore implements TransparencyLogStore {
  async state(): Promise<LogState> {
    const out = await documentDb().send(
      new GetCommand({ TableName: table(), Key: keys.logState(), ConsistentRead: true }),
    );
    const s = out.Item as StoredState | undefined;
    if (!s) return { size: 0, feedSeq: 0, frontier: { size: 0, nodes: [] } };
    return {
      size: s.size,
      feedSeq: s.feedSeq,
      frontier: { size: s.size, nodes: s.frontier.map((n) => [n.level, n.hash] as [number, Hash]) },
    };
  }

  async appended(sourceIds: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    const unique = [...new Set(sourceIds)];
    for (let i = 0; i < unique.length; i += 100) {
      let request: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map(keys.logSource);
      while (request && request.length > 0) {
        const out: BatchGetCommandOutput = await documentDb().send(
          new BatchGetCommand({
            RequestItems: {
              [table()]: { Keys: request, ConsistentRead: true, ProjectionExpression: 'sourceId' },
            },
          }),
        );
        for (const item of out.Responses?.[table()] ?? []) found.add(String(item.sourceId));
        request = out.UnprocessedKeys?.[table()]?.Keys;
      }
    }
    return found;
  }

  async append(before: LogState, after: LogState, leaves: readonly NewLeaf[], nodes: readonly TileNode[]) {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: table(),
          Item: {
            ...keys.logState(),
            entity: 'log-state',
            size: after.size,
            feedSeq: after.feedSeq,
            frontier: after.frontier.nodes.map(([level, hash]) => ({ level, hash })),
          },
          ...(before.size === 0
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : {
                ConditionExpression: '#size = :size',
                ExpressionAttributeNames: { '#size': 'size' },
                ExpressionAttributeValues: { ':size': before.size },
              }),
        },
      },
    ];
    for (const leaf of leaves) {
      items.push({
        Put: {
          TableName: table(),
          Item: {
            ...keys.logTileHash(0, leaf.index),
            entity: 'log-leaf',
            hash: leaf.hash,
            entry: Buffer.from(leaf.entry).toString('utf8'),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      });
      items.push({
        Put: {
          TableName: table(),
          Item: {
            ...keys.logSource(leaf.sourceId),
            entity: 'log-source',
            sourceId: leaf.sourceId,
            leafIndex: leaf.index,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      });
    }
    for (const node of nodes) {
      items.push({
        Put: {
          TableName: table(),
          Item: { ...keys.logTileHash(node.level, node.index), entity: 'log-node', hash: node.hash },
        },
      });
    }
    try {
      await documentDb().send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new LogContentionError('the log moved while appending; re-reading its state');
      }
      throw error;
    }
  }

  private async tile(level: number, tile: number, attributes: string): Promise<Record<string, unknown>[]> {
    const out = await documentDb().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.logTilePartition(level, tile) },
        // `hash` is a reserved word: every projected name goes through a placeholder.
        ProjectionExpression: `#a`,
        ExpressionAttributeNames: { '#a': attributes },
        ConsistentRead: true,
      }),
    );
    return out.Items ?? [];
  }

  async tileHashes(level: number, index: number): Promise<Hash[]> {
    return (await this.tile(level, index, 'hash')).map((i) => i.hash as Uint8Array);
  }

  async entries(index: number): Promise<Uint8Array[]> {
    return (await this.tile(0, index, 'entry')).map((i) => Buffer.from(String(i.entry), 'utf8'));
  }

  async leafIndexOf(sourceId: string): Promise<number | undefined> {
    const out = await documentDb().send(
      new GetCommand({ TableName: table(), Key: keys.logSource(sourceId), ConsistentRead: true }),
    );
    return out.Item?.leafIndex as number | undefined;
  }

  async latestCheckpoint(): Promise<{ note: string; size: number } | undefined> {
    const out = await documentDb().send(
      new GetCommand({ TableName: table(), Key: keys.logCheckpoint(), ConsistentRead: true }),
    );
    return out.Item ? { note: String(out.Item.note), size: Number(out.Item.size) } : undefined;
  }

  async putCheckpoint(note: string, size: number): Promise<void> {
    try {
      await documentDb().send(
        new PutCommand({
          TableName: table(),
          Item: { ...keys.logCheckpoint(), entity: 'log-checkpoint', note, size },
          // Never replaced by a smaller tree: a slower concurrent writer cannot move it back.
          ConditionExpression: 'attribute_not_exists(PK) OR #size < :size',
          ExpressionAttributeNames: { '#size': 'size' },
          ExpressionAttributeValues: { ':size': size },
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
}
