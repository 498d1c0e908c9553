import { AsyncLocalStorage } from 'node:async_hooks';
import type { Connection } from 'mongoose';

interface OperationTally {
  operations: number;
}

const tallies = new AsyncLocalStorage<OperationTally>();

/**
 * Counts the commands a connection sends to the store, from the driver's
 * command monitoring (the connection must be opened with `monitorCommands`,
 * as `connectMongo` does): every command by name to `onCommand`, with the
 * documents it writes (an insert's documents, an update's or a delete's
 * statements; 0 for a read), and each to the `countStoreOperations` scope it
 * was issued in.
 */
export function monitorStoreOperations(
  connection: Connection,
  onCommand?: (command: string, documentsWritten: number) => void,
): void {
  connection.getClient().on('commandStarted', (event) => {
    const tally = tallies.getStore();
    if (tally) tally.operations++;
    onCommand?.(event.commandName, documentsWrittenBy(event.commandName, event.command));
  });
}

/** The documents a write command names (a bulk write's statements each count): what a write costs the store. */
export function documentsWrittenBy(commandName: string, command: Record<string, unknown>): number {
  const statements =
    commandName === 'insert'
      ? command.documents
      : commandName === 'update'
        ? command.updates
        : commandName === 'delete'
          ? command.deletes
          : undefined;
  return Array.isArray(statements) ? statements.length : 0;
}

/** Runs `fn` and answers how many store commands it (and whatever it awaited) issued. */
export async function countStoreOperations<T>(fn: () => Promise<T>): Promise<{ result: T; operations: number }> {
  const tally: OperationTally = { operations: 0 };
  const result = await tallies.run(tally, fn);
  return { result, operations: tally.operations };
}
