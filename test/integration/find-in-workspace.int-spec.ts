// findInWorkspace on the real store: lookups asked for together are read by one `$in` query, and
// every caller still gets its own answer (its own copy, null for another workspace's or no document).
import { Schema, type Connection } from 'mongoose';
import { connectMongo, findInWorkspace } from '@threadline/persistence';
import { testInfra, uniqueName } from '@threadline/testing';

interface Note {
  _id: string;
  workspaceId: string;
  text: string;
}

let connection: Connection;
const database = uniqueName('point-reads');

beforeAll(async () => {
  connection = await connectMongo(testInfra().mongoUrl, database);
  await connection.db!.collection('notes').insertMany(
    Array.from({ length: 50 }, (_, i) => ({
      _id: `n-${i}` as never,
      workspaceId: i % 2 ? 'ws-b' : 'ws-a',
      text: `Notatka ${i} — żółć`,
    })),
  );
});
afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

const notes = () =>
  connection.models.Note ??
  connection.model<Note>('Note', new Schema<Note>({ _id: String, workspaceId: String, text: String }), 'notes');

it('answers lookups asked for together with one query, each with its own document', async () => {
  const commands: string[] = [];
  const client = connection.getClient();
  const listen = (event: { commandName: string }) => commands.push(event.commandName);
  client.on('commandStarted', listen);
  try {
    const asked = ['n-0', 'n-2', 'n-1', 'n-98', 'n-4', 'n-0'];
    const found = await Promise.all(asked.map((id) => findInWorkspace(notes(), 'ws-a', id)));
    // n-1 is ws-b's and n-98 no one's: both null, as one at a time.
    expect(found.map((doc) => doc?.text ?? null)).toEqual([
      'Notatka 0 — żółć',
      'Notatka 2 — żółć',
      null,
      null,
      'Notatka 4 — żółć',
      'Notatka 0 — żółć',
    ]);
    // The same id twice: two documents, so one caller's change is not the other's.
    expect(found[0]).not.toBe(found[5]);
    // One `find` for the five ids, one more `find` for the repeated one (none by one `findOne` each).
    expect(commands.filter((name) => name === 'find')).toHaveLength(2);
  } finally {
    client.off('commandStarted', listen);
  }
});

it('reads a lone lookup by itself, as before', async () => {
  expect((await findInWorkspace(notes(), 'ws-b', 'n-49'))?.text).toBe('Notatka 49 — żółć');
  expect(await findInWorkspace(notes(), 'ws-a', 'n-49')).toBeNull();
});
