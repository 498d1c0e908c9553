import { AsyncLocalStorage } from 'node:async_hooks';
import type { Connection } from 'mongoose';

interface OperationTally {
  operations: number;
}

const tallies = new AsyncLocalStorage<OperationTally>();

/**
 * Counts the commands a connection sends to the store, from the driver's
 * command monitoring (the connection must be opened with `monitorCommands`,
 * as `connectMongo` does): every command by name to `onCommand`, and each to
 * the `countStoreOperations` scope it was issued in.
 */
export function monitorStoreOperations(connection: Connection, onCommand?: (command: string) => void): void {
  connection.getClient().on('commandStarted', (event) => {
    const tally = tallies.getStore();
    if (tally) tally.operations++;
    onCommand?.(event.commandName);
  });
}

/** Runs `fn` and answers how many store commands it (and whatever it awaited) issued. */
export async function countStoreOperations<T>(fn: () => Promise<T>): Promise<{ result: T; operations: number }> {
  const tally: OperationTally = { operations: 0 };
  const result = await tallies.run(tally, fn);
  return { result, operations: tally.operations };
}
