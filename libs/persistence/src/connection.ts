import mongoose, { type Connection } from 'mongoose';

/**
 * One connection per service to its own database. Works unchanged on MongoDB
 * and on FerretDB (no transactions, sessions or change streams are used).
 */
export async function connectMongo(url: string, database: string): Promise<Connection> {
  // Mongoose otherwise captures a stack trace at every query's exec (`new Error().stack`), kept only to
  // explain a query executed twice; we never execute one twice, and the capture cost ~1.5% of the
  // tickets intake's CPU (profiled in the contact-to-ticket bench).
  mongoose.set('skipOriginalStackTraces', true);
  const connection = mongoose.createConnection(url, {
    dbName: database,
    serverSelectionTimeoutMS: 5000,
    // FerretDB has no sessions/retryable writes across its SQLite backend.
    retryWrites: false,
    autoIndex: true,
    // Command events feed the store-operation counts (`monitorStoreOperations`).
    monitorCommands: true,
  });
  await connection.asPromise();
  return connection;
}

/** A real round trip to the store, for /health. */
export async function pingMongo(connection: Connection): Promise<void> {
  if (!connection.db) throw new Error('not connected');
  await connection.db.admin().command({ ping: 1 });
}

/** Index builds are asynchronous in mongoose; unique keys must exist before the first write relies on them. */
export async function ensureIndexes(connection: Connection): Promise<void> {
  await Promise.all(Object.values(connection.models).map((model) => model.createIndexes()));
}
