import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Writes that complete through a client, announced in process: the local runtime wakes its stream consumers
 * with this, so a change its own functions commit is read from the stream at once while an idle stream is
 * polled slowly. Writes from elsewhere (another process) are still found by the idle polling.
 */
const WRITE_COMMAND =
  /^(Put|Update|Delete|BatchWrite|TransactWrite|ExecuteStatement|BatchExecuteStatement|ExecuteTransaction)/;

const listenersOf = new WeakMap<DynamoDBClient, Set<() => void>>();

/** Calls `listener` after every write command the client completes; returns the unsubscribe function. */
export function onWritesThrough(client: DynamoDBClient, listener: () => void): () => void {
  let listeners = listenersOf.get(client);
  if (!listeners) {
    const set = new Set<() => void>();
    listeners = set;
    listenersOf.set(client, set);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const output = await next(args);
        if (WRITE_COMMAND.test(context.commandName ?? '')) for (const notify of [...set]) notify();
        return output;
      },
      { step: 'initialize', name: 'localWriteAnnouncement' },
    );
  }
  listeners.add(listener);
  const own = listeners;
  return () => {
    own.delete(listener);
  };
}
