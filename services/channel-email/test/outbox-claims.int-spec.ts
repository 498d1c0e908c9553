// The outbox's claims on the real store: two channel-email instances working
// one backlog in batches never hold the same mail, a mail another instance
// finished and retired after our list was read is not sent again, and a
// crashed sender's claim runs out so the mail is sent after all.
import mongoose from 'mongoose';
import type { OutboundRequestedV1 } from '@threadline/contracts';
import { testInfra, uniqueName } from '@threadline/testing';
import { OutboxRepository, type ClaimedMail } from '../src/mail-sending/outbox.repository';

const infra = testInfra();
const dbName = uniqueName('email_outbox');
const ws = uniqueName('ws');
const connections: mongoose.Connection[] = [];

function request(n: number): OutboundRequestedV1 {
  return {
    ticketId: `${ws}-t${n}`,
    number: n,
    messageId: `${ws}-m${n}`,
    channel: 'email',
    to: { kind: 'email', value: `klient${n}@klient.pl` },
    subject: `Zgłoszenie #${n}`,
    text: `Dziękujemy, zgłoszenie #${n} przyjęte.`,
    inReplyTo: null,
    references: [],
    providerThreadId: null,
    from: null,
    customerWroteAt: null,
    kind: 'acknowledgement',
    authorId: 'system',
    requestedAt: new Date().toISOString(),
  };
}

/** One instance's view of the outbox, on its own connection. */
async function instance(): Promise<OutboxRepository> {
  const connection = await mongoose.createConnection(infra.mongoUrl, { dbName, retryWrites: false }).asPromise();
  connections.push(connection);
  return new OutboxRepository(connection);
}

const sentAs = (mails: ClaimedMail[]) =>
  mails.map((mail) => ({ ...mail, status: 'sent' as const, attempts: 1, serverResponse: '250 ok', finishedAt: new Date() }));

afterAll(async () => {
  await connections[0]?.dropDatabase();
  await Promise.all(connections.map((c) => c.close()));
});

it('two instances claiming one backlog in batches: every mail held by exactly one; retired mails are not taken again', async () => {
  const [a, b] = [await instance(), await instance()];
  const now = new Date();
  const mails = Array.from({ length: 40 }, (_, n) => request(n + 1));
  for (const mail of mails) await a.enqueue(ws, mail, null, now);
  const due = (await Promise.all(mails.map((m) => a.find(m.messageId)))).filter((d) => d !== null);
  const listed = due as Parameters<OutboxRepository['claimEach']>[0];

  const [byA, byB] = await Promise.all([
    a.claimEach(listed, 'a', now, 60_000, 100),
    b.claimEach([...listed].reverse(), 'b', now, 60_000, 100),
  ]);
  const heldByA = new Set(byA.map((m) => m._id));
  expect(byB.filter((m) => heldByA.has(m._id))).toEqual([]);
  expect(new Set([...heldByA, ...byB.map((m) => m._id)]).size).toBe(40);

  // A finishes and retires its mails; B still has the old list and tries again later, its claims run out.
  await a.retire(sentAs(byA));
  const later = new Date(now.getTime() + 120_000);
  const again = await b.claimEach(listed, 'b', later, 60_000, 100);
  expect(again.map((m) => m._id).filter((id) => heldByA.has(id))).toEqual([]);
  for (const id of heldByA) expect(await b.find(id)).toMatchObject({ status: 'sent', serverResponse: '250 ok' });
});

it('a crashed sender’s claim runs out: the mail is claimed again with the next epoch, not before', async () => {
  const [a, b] = [await instance(), await instance()];
  const now = new Date();
  const mail = request(100);
  await a.enqueue(ws, mail, null, now);
  const listed = [(await a.find(mail.messageId)) as Parameters<OutboxRepository['claimEach']>[0][number]];

  expect((await a.claimEach(listed, 'a', now, 30_000, 10)).map((m) => m.epoch)).toEqual([1]);
  // "a" crashed holding it.
  expect(await b.claimEach(listed, 'b', new Date(now.getTime() + 10_000), 30_000, 10)).toEqual([]);
  const taken = await b.claimEach(listed, 'b', new Date(now.getTime() + 31_000), 30_000, 10);
  expect(taken.map((m) => [m._id, m.epoch])).toEqual([[mail.messageId, 2]]);

  await b.retire(sentAs(taken));
  expect(await a.find(mail.messageId)).toMatchObject({ status: 'sent' });
  // A redelivered request for it is not queued again, alone or within a batch; a request twice in one batch goes in once.
  expect(await a.enqueue(ws, mail, null, new Date())).toBe(false);
  const next = request(101);
  const batch = [mail, next, next].map((r) => ({ workspaceId: ws, request: r, correlationId: null }));
  expect(await a.enqueueMany(batch, new Date())).toEqual([false, true, false]);
  expect(await a.find(mail.messageId)).toMatchObject({ status: 'sent' });
  expect(await a.find(next.messageId)).toMatchObject({ status: 'pending', attempts: 0 });
});

it('an enqueue cut short before its marker: the mail, once retired, still refuses its redelivery', async () => {
  const a = await instance();
  const raw = connections[connections.length - 1];
  const mail = request(200);
  expect(await a.enqueue(ws, mail, null, new Date())).toBe(true);
  // The process died between the outbox insert and the marker's.
  await raw.collection('email_outbox_claims').deleteOne({ _id: `${mail.messageId}#0` as never });
  const listed = [(await a.find(mail.messageId)) as Parameters<OutboxRepository['claimEach']>[0][number]];
  const taken = await a.claimEach(listed, 'a', new Date(), 30_000, 10);
  expect(taken.map((m) => m._id)).toEqual([mail.messageId]);
  await a.retire(sentAs(taken));

  expect(await a.enqueue(ws, mail, null, new Date())).toBe(false);
  expect(await a.find(mail.messageId)).toMatchObject({ status: 'sent' });
});

it('a store that sent mail before markers existed: a redelivered request of such a mail is found in the sent mail', async () => {
  const db = uniqueName('email_outbox_upgrade');
  const connection = await mongoose.createConnection(infra.mongoUrl, { dbName: db, retryWrites: false }).asPromise();
  connections.push(connection);
  try {
    const old = request(300);
    // Retired by the previous version: in `email_sent`, no marker, no claims.
    await connection.collection('email_sent').insertOne({
      _id: old.messageId as never,
      workspaceId: ws,
      status: 'sent',
      attempts: 1,
      lastError: null,
      serverResponse: '250 ok',
      createdAt: new Date(),
      finishedAt: new Date(),
    });
    const upgraded = new OutboxRepository(connection);
    const fresh = request(301);
    const batch = [old, fresh].map((r) => ({ workspaceId: ws, request: r, correlationId: null }));
    expect(await upgraded.enqueueMany(batch, new Date())).toEqual([false, true]);
    expect(await upgraded.find(old.messageId)).toMatchObject({ status: 'sent' });
    expect(await upgraded.find(fresh.messageId)).toMatchObject({ status: 'pending' });
  } finally {
    await connection.dropDatabase();
  }
});

it('retiring a batch larger than one `$in` (501 mails, two of them claimed twice): each leaves the outbox with its later claims, its marker and first claim stay', async () => {
  const a = await instance();
  const raw = connections[connections.length - 1];
  const now = new Date();
  const mails = Array.from({ length: 501 }, (_, n) => request(1000 + n));
  const added = await a.enqueueMany(
    mails.map((r) => ({ workspaceId: ws, request: r, correlationId: null })),
    now,
  );
  expect(added.every(Boolean)).toBe(true);
  const listed = (await Promise.all(mails.map((m) => a.find(m.messageId)))) as Parameters<OutboxRepository['claimEach']>[0];
  const taken = await a.claimEach(listed, 'a', now, 30_000, 1000);
  expect(taken).toHaveLength(501);
  // Two were taken again after a crash (epochs 2 and 3): their later claims go with them.
  const [twice, thrice] = [taken[0], taken[500]];
  await raw.collection('email_outbox_claims').insertMany([
    { _id: `${twice._id}#2` as never, owner: 'b', until: now },
    { _id: `${thrice._id}#2` as never, owner: 'b', until: now },
    { _id: `${thrice._id}#3` as never, owner: 'c', until: now },
  ]);
  await a.retire(sentAs([{ ...twice, epoch: 2 }, ...taken.slice(1, 500), { ...thrice, epoch: 3 }]));

  const ids = mails.map((m) => m.messageId);
  expect(await raw.collection('email_outbox').countDocuments({ _id: { $in: ids as never[] } })).toBe(0);
  expect(await raw.collection('email_sent').countDocuments({ _id: { $in: ids as never[] } })).toBe(501);
  const claims = raw.collection('email_outbox_claims');
  expect(await claims.countDocuments({ _id: { $in: ids.map((id) => `${id}#0`) as never[] } })).toBe(501);
  expect(await claims.countDocuments({ _id: { $in: ids.map((id) => `${id}#1`) as never[] } })).toBe(501);
  const later = [`${twice._id}#2`, `${thrice._id}#2`, `${thrice._id}#3`];
  expect(await claims.countDocuments({ _id: { $in: later as never[] } })).toBe(0);
  // Retired means done: a redelivered request is refused.
  expect(await a.enqueue(ws, mails[250], null, new Date())).toBe(false);
});
