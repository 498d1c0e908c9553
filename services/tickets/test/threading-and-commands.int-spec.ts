// Threading, the identity graph and agent commands, on real Kafka and the real store.
import { TOPICS } from '@threadline/contracts';
import {
  buildContact,
  buildEmailContact,
  commonTestEnv,
  EventProbe,
  fetchJson,
  startService,
  testInfra,
  uniqueName,
  waitFor,
  type Json,
  type RunningService,
  type TestCaller,
  type InternalCall,
  consumerGroupStartingNow,
  testPublisher,
} from '@threadline/testing';
import { ticketsService } from '../src/app.module';

const brokers = testInfra().kafkaBrokers.split(',');
const publisher = testPublisher('test-channel');
const probe = new EventProbe(brokers);
let tickets: RunningService;

const AGENT: TestCaller = { id: 'agent-ola', role: 'agent' };
const OTHER_AGENT: TestCaller = { id: 'agent-piotr', role: 'agent' };
const SUPERVISOR: TestCaller = { id: 'sup-ewa', role: 'supervisor' };

beforeAll(async () => {
  tickets = await startService(ticketsService, {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]),
  });
  await publisher.connect();
  await probe.start([TOPICS.ticketEvents.name, TOPICS.outboundRequested.name, TOPICS.customerEvents.name]);
});

afterAll(async () => {
  await probe.stop();
  await publisher.disconnect();
  await tickets?.close();
});

const get = (ws: string, path: string) => tickets.internalApi(ws).fetch(path);
/** A command as `caller` (in a service token, as the gateway sends it), with If-Match or Idempotency-Key if given. */
function send(
  ws: string,
  method: InternalCall['method'],
  path: string,
  caller: TestCaller,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return tickets.internalApi(ws, caller).fetch(path, { method, headers, body });
}
function contact(ws: string, payload: Parameters<typeof publisher.publish<'contact.received.v1'>>[1]['payload']) {
  return publisher.publish('contact.received.v1', { workspaceId: ws, key: payload.from[0].value, payload });
}
/** Waits until ticket #number has this many messages (and, if given, the status). */
async function ticketWith(ws: string, number: number, entries: number, status?: string): Promise<Json> {
  return waitFor(`ticket #${number} with ${entries} messages${status ? `, ${status}` : ''}`, async () => {
    const { status: http, body } = await get(ws, `/tickets/${number}`);
    if (http !== 200 || (status && body.status !== status)) return null;
    // Messages from the customer and the agents; the automatic acknowledgement of an e-mailed ticket does not count.
    return body.timeline.filter((e: Json) => e.kind === 'message' && !e.automatic).length >= entries ? body : null;
  });
}
const seconds = (n: number) => new Date(Date.now() + n * 1000).toISOString();

it('keeps a chat, then a call, then an e-mail from one customer in one ticket', async () => {
  const ws = uniqueName('ws');
  // In the chat the visitor left their e-mail and phone number: all three identities are one person.
  await contact(
    ws,
    buildContact(
      'chat',
      [
        { kind: 'chat', value: 'visitor-7f3a' },
        { kind: 'email', value: 'Marek.Nowak@Example.pl', displayName: 'Marek Nowak' },
        { kind: 'phone', value: '+48600100200' },
      ],
      {
        text: 'Czy mogę zmienić adres dostawy?',
        thread: { inReplyTo: null, references: [], providerThreadId: 'chat-session-1' },
        receivedAt: seconds(-30),
      },
    ),
  );
  await ticketWith(ws, 1, 1);
  await contact(
    ws,
    buildContact('voice', [{ kind: 'phone', value: '+48600100200' }], {
      text: 'Rozmowa: klient dopytuje o adres.',
      receivedAt: seconds(-20),
    }),
  );
  await ticketWith(ws, 1, 2);
  await contact(
    ws,
    buildEmailContact({
      from: [{ kind: 'email', value: 'marek.nowak@example.pl' }],
      subject: 'Nowy adres',
      receivedAt: seconds(-10),
    }),
  );
  const ticket = await ticketWith(ws, 1, 3);

  expect(ticket.timeline.map((e: Json) => e.channel)).toEqual(['chat', 'voice', 'email']);
  expect(ticket.channel).toBe('chat');
  expect(ticket.replyChannel).toBe('email');
  expect(ticket.customer.name).toBe('Marek Nowak');
  expect(ticket.customer.identities).toEqual(
    expect.arrayContaining([
      { kind: 'chat', value: 'visitor-7f3a' },
      { kind: 'email', value: 'marek.nowak@example.pl' },
      { kind: 'phone', value: '+48600100200' },
    ]),
  );
  const { body: list } = await get(ws, '/tickets');
  expect(list.items).toHaveLength(1);
});

it('merges two customers when a contact proves they are one person, and records it', async () => {
  const ws = uniqueName('ws');
  await contact(
    ws,
    buildEmailContact({
      from: [{ kind: 'email', value: 'jan@example.pl', displayName: 'Jan Wiśniewski' }],
      receivedAt: seconds(-60),
    }),
  );
  await ticketWith(ws, 1, 1);
  await contact(ws, buildContact('sms', [{ kind: 'phone', value: '+48500600700' }], { receivedAt: seconds(-50) }));
  const second = await ticketWith(ws, 2, 1);
  expect(second.customer.id).not.toBe((await ticketWith(ws, 1, 1)).customer.id);

  await contact(
    ws,
    buildContact('chat', [
      { kind: 'chat', value: 'v-1' },
      { kind: 'email', value: 'jan@example.pl' },
      { kind: 'phone', value: '+48500600700' },
    ]),
  );
  const merged = await probe.waitForEvent('customer.merged.v1', (e) => e.type === 'customer.merged.v1' && e.workspaceId === ws);
  const { body: customer } = await get(ws, `/customers/${(merged.payload as Json).customerId as string}`);
  expect(customer.identities).toEqual(
    expect.arrayContaining([
      { kind: 'email', value: 'jan@example.pl' },
      { kind: 'phone', value: '+48500600700' },
    ]),
  );
  expect(customer.mergedFrom).toEqual([expect.objectContaining({ reason: 'shared-identity' })]);
  expect(customer.tickets.map((t: Json) => t.number).sort()).toEqual([1, 2]);
  // The older record survives; the merged one leads to it.
  const { body: viaOld } = await get(ws, `/customers/${(merged.payload as Json).mergedCustomerId as string}`);
  expect(viaOld.id).toBe(customer.id);
  const { body: audit } = await get(ws, '/audit?entityType=customer');
  expect(audit.items[0]).toMatchObject({ action: 'customer.merge', actor: { kind: 'system' } });
});

describe('agent commands', () => {
  let ws: string;
  let customerMail: string;
  beforeEach(async () => {
    ws = uniqueName('ws');
    customerMail = '<zapytanie-1@klient.example>';
    await contact(ws, buildEmailContact({ providerMessageId: customerMail, subject: 'Faktura za październik' }));
    await ticketWith(ws, 1, 1);
  });

  it('applies a change once, answers the new version, and refuses a stale one', async () => {
    const first = await send(
      ws,
      'PATCH',
      '/tickets/1',
      AGENT,
      { status: 'open', priority: 'high', tags: ['Faktura'] },
      { 'if-match': '"1"' },
    );
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'open', priority: 'high', tags: ['faktura'], version: 2 });

    const stale = await send(ws, 'PATCH', '/tickets/1', OTHER_AGENT, { priority: 'low' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'STALE_TICKET', currentVersion: 2 });

    const updated = await probe.waitForEvent('ticket.updated.v1', (e) => e.type === 'ticket.updated.v1' && e.workspaceId === ws);
    expect(updated.payload).toMatchObject({
      version: 2,
      actor: { kind: 'agent', id: 'agent-ola' },
      changes: { status: { from: 'new', to: 'open' }, priority: { from: 'normal', to: 'high' } },
    });
    const detail = await ticketWith(ws, 1, 1);
    expect(detail.priority).toBe('high');
    // The answer to the change says when the ticket changed, as the ticket read afterwards does.
    expect(Date.parse(first.body.updatedAt)).toBeGreaterThan(Date.parse(first.body.createdAt));
    expect(detail.updatedAt).toBe(first.body.updatedAt);
    expect(detail.statusChangedAt).toBe(first.body.updatedAt);
    expect(detail.statusHistory.map((s: Json) => s.status)).toEqual(['new', 'open']);
    expect(detail.timeline.find((e: Json) => e.kind === 'change')).toMatchObject({
      authorId: 'agent-ola',
      changes: { status: { from: 'new', to: 'open' } },
    });
  });

  it('answers bad commands with the field and the reason, unknown tickets with 404', async () => {
    const bad = await send(ws, 'PATCH', '/tickets/1', AGENT, { status: 'solved', colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: Json) => e.field)).toEqual(expect.arrayContaining(['status']));
    expect((await send(ws, 'PATCH', '/tickets/1', AGENT, {})).status).toBe(400);
    expect((await send(ws, 'PATCH', '/tickets/99', AGENT, { status: 'open' })).status).toBe(404);
    // Nobody named by a service token: refused before anything is read, whatever headers say.
    const anonymous = await fetchJson(`${tickets.internalUrl}/internal/v1/workspaces/${ws}/tickets/1`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-agent-id': 'agent-ola', 'x-agent-role': 'admin' },
      body: JSON.stringify({ status: 'open' }),
    });
    expect(anonymous.status).toBe(401);
  });

  it('lets an agent take a ticket but only a supervisor reassign it', async () => {
    expect((await send(ws, 'PATCH', '/tickets/1', AGENT, { assigneeId: 'agent-ola' })).body.assigneeId).toBe('agent-ola');
    const grab = await send(ws, 'PATCH', '/tickets/1', OTHER_AGENT, { assigneeId: 'agent-piotr' });
    expect(grab.status).toBe(403);
    const reassigned = await send(ws, 'PATCH', '/tickets/1', SUPERVISOR, { assigneeId: 'agent-piotr' });
    expect(reassigned.body.assigneeId).toBe('agent-piotr');
    const { body: mine } = await get(ws, '/tickets?assignee=agent-piotr');
    expect(mine.items.map((t: Json) => t.number)).toEqual([1]);
  });

  it('sends a reply on the customer’s channel, threaded, once per Idempotency-Key', async () => {
    const once = { 'idempotency-key': 'reply-1' };
    const text = 'Dzień dobry, faktura jest w załączniku.';
    const reply = await send(ws, 'POST', '/tickets/1/replies', AGENT, { text, status: 'waiting_customer' }, once);
    expect(reply.status).toBe(201);
    const again = await send(ws, 'POST', '/tickets/1/replies', AGENT, { text, status: 'waiting_customer' }, once);
    expect(again.body.message.id).toBe(reply.body.message.id);

    const outbound = await probe.waitForEvent(
      'outbound.requested.v1',
      (e) => e.type === 'outbound.requested.v1' && e.workspaceId === ws && (e.payload as { kind: string }).kind === 'reply',
    );
    expect(outbound.payload).toMatchObject({
      number: 1,
      channel: 'email',
      to: { kind: 'email', value: 'anna.kowalska@example.pl' },
      subject: 'Re: Faktura za październik [#1]',
      inReplyTo: customerMail,
      references: [customerMail],
      authorId: 'agent-ola',
    });
    const detail = await ticketWith(ws, 1, 2);
    expect(detail.timeline.filter((e: Json) => e.direction === 'outbound' && !e.automatic)).toHaveLength(1);
    expect(detail).toMatchObject({ status: 'waiting_customer', firstResponseAt: expect.any(String) });

    // The customer answers our mail (quoting our Message-ID, subject changed): same ticket, back to open.
    await contact(
      ws,
      buildEmailContact({
        subject: 'Dziękuję',
        thread: { inReplyTo: `<tl.${reply.body.message.id as string}@firma.example>`, references: [], providerThreadId: null },
      }),
    );
    await ticketWith(ws, 1, 3, 'open');
    // The status is written before the change's timeline entry: wait for the entry too.
    const answered = await waitFor('the reopening on the timeline', async () => {
      const { body } = await get(ws, '/tickets/1');
      return body.timeline.at(-1)?.kind === 'change' ? body : null;
    });
    expect(answered.timeline.at(-1)).toMatchObject({
      kind: 'change',
      actorKind: 'customer',
      changes: { status: { from: 'waiting_customer', to: 'open' } },
    });
  });

  it('keeps notes internal and announces @mentions', async () => {
    const note = await send(ws, 'POST', '/tickets/1/notes', AGENT, {
      text: '@piotr sprawdź proszę płatność',
      mentions: ['agent-piotr'],
    });
    expect(note.status).toBe(201);
    const event = await probe.waitForEvent('note', (e) => e.type === 'ticket.note-added.v1' && e.workspaceId === ws);
    expect(event.payload).toMatchObject({ authorId: 'agent-ola', mentions: ['agent-piotr'] });
    // Nothing for the customer: the only message out is the automatic acknowledgement of the new ticket.
    const outbound = probe.events().filter((e) => e.type === 'outbound.requested.v1' && e.workspaceId === ws);
    expect(outbound.map((e) => (e.payload as { kind: string }).kind)).not.toContain('reply');
  });

  it('reopens a closed ticket when the customer replies in time, and opens a linked one later', async () => {
    await send(ws, 'PATCH', '/tickets/1', AGENT, { status: 'closed' });
    await contact(ws, buildEmailContact({ subject: 'Re: Faktura za październik [#1]' }));
    const reopened = await ticketWith(ws, 1, 2, 'open');
    expect(reopened.timeline.at(-1)).toMatchObject({
      action: 'ticket.reopen',
      changes: { status: { from: 'closed', to: 'open' } },
    });

    await send(ws, 'PATCH', '/tickets/1', AGENT, { status: 'closed' });
    // Eight days later (beyond the 7-day reopen period): a new ticket that points to the old one.
    await contact(
      ws,
      buildEmailContact({
        subject: 'Re: Faktura za październik [#1]',
        receivedAt: new Date(Date.now() + 8 * 86_400_000).toISOString(),
      }),
    );
    const followUp = await ticketWith(ws, 2, 1);
    expect(followUp.previousTicketId).toBe((await get(ws, '/tickets/1')).body.id);
    expect((await get(ws, '/tickets/1')).body.status).toBe('closed');
  });

  it('merges tickets: history on the target, the source closed with a pointer', async () => {
    await contact(ws, buildContact('sms', [{ kind: 'phone', value: '+48790100100' }], { text: 'Druga sprawa' }));
    await ticketWith(ws, 2, 1);
    expect((await send(ws, 'POST', '/tickets/2/merge', AGENT, { intoNumber: 1 })).status).toBe(403);
    const merged = await send(ws, 'POST', '/tickets/2/merge', SUPERVISOR, { intoNumber: 1 });
    expect(merged.status).toBe(200);

    const target = await ticketWith(ws, 1, 2);
    expect(target.timeline.map((e: Json) => e.text).filter(Boolean)).toContain('Druga sprawa');
    const { body: source } = await get(ws, '/tickets/2');
    expect(source).toMatchObject({ status: 'closed', mergedInto: { number: 1 } });
    expect((await send(ws, 'PATCH', '/tickets/2', AGENT, { status: 'open' })).body.code).toBe('TICKET_MERGED');
    // The customer naming the merged ticket lands on the target.
    await contact(ws, buildEmailContact({ subject: 'W sprawie [#2]' }));
    await ticketWith(ws, 1, 3);
    const event = await probe.waitForEvent('ticket.merged.v1', (e) => e.type === 'ticket.merged.v1' && e.workspaceId === ws);
    expect(event.payload).toMatchObject({ number: 2, intoNumber: 1 });
  });

  it('records every agent action in the audit trail with before and after', async () => {
    await send(ws, 'PATCH', '/tickets/1', AGENT, { priority: 'urgent' });
    const { body } = await get(ws, '/audit');
    expect(body.items[0]).toMatchObject({
      action: 'ticket.update',
      actor: { kind: 'agent', id: 'agent-ola' },
      entity: { type: 'ticket', label: '#1' },
      before: { priority: 'normal' },
      after: { priority: 'urgent' },
    });
  });
});

it('filters, searches without diacritics, pages by cursor and orders the today view', async () => {
  const ws = uniqueName('ws');
  const subjects = ['Żółta faktura', 'Zwrot towaru', 'Pilne: brak prądu', 'Pytanie o dostawę'];
  for (const [i, subject] of subjects.entries()) {
    await contact(ws, buildEmailContact({ subject, from: [{ kind: 'email', value: `klient${i}@example.pl` }] }));
    await ticketWith(ws, i + 1, 1);
  }
  await send(ws, 'PATCH', '/tickets/3', AGENT, { priority: 'urgent' });
  await send(ws, 'PATCH', '/tickets/4', AGENT, { priority: 'high', assigneeId: 'agent-ola' });
  await send(ws, 'PATCH', '/tickets/2', AGENT, { status: 'waiting_customer' });

  expect((await get(ws, '/tickets?q=zolta')).body.items.map((t: Json) => t.number)).toEqual([1]);
  expect((await get(ws, '/tickets?status=waiting_customer')).body.items.map((t: Json) => t.number)).toEqual([2]);
  expect((await get(ws, '/tickets?assignee=none&sort=number&order=asc')).body.items.map((t: Json) => t.number)).toEqual([
    1, 2, 3,
  ]);

  const page1 = await get(ws, '/tickets?sort=number&order=asc&limit=3');
  const page2 = await get(ws, `/tickets?sort=number&order=asc&limit=3&cursor=${page1.body.nextCursor as string}`);
  expect([...page1.body.items, ...page2.body.items].map((t: Json) => t.number)).toEqual([1, 2, 3, 4]);
  expect((await get(ws, '/tickets?cursor=garbage')).body.code).toBe('INVALID_CURSOR');

  const today = await get(ws, '/today?agentId=agent-ola');
  // Urgent first, then priority, then the longest waiting; waiting-for-customer is not today's work.
  expect(today.body.items.map((t: Json) => t.number)).toEqual([3, 4, 1]);
});

it('dead-letters a contact with no usable sender and goes on with the next', async () => {
  const ws = uniqueName('ws');
  await probe.stop();
  const deadLetters = new EventProbe(brokers);
  await deadLetters.start([TOPICS.deadLetters.name]);
  try {
    // Valid by the event schema, but no real phone number: nothing to find or create a customer by.
    await contact(ws, buildContact('sms', [{ kind: 'phone', value: '+480000000' }], { text: 'bez numeru' }));
    await contact(ws, buildContact('sms', [{ kind: 'phone', value: '+48601601601' }], { text: 'z numerem' }));
    const dead = await deadLetters.waitForEvent(
      'dead letter',
      (e) => e.type === 'platform.dead-letter.v1' && e.workspaceId === ws,
    );
    expect((dead.payload as Json).reason).toMatch(/no usable sender identity/);
    const ticket = await ticketWith(ws, 1, 1);
    expect(ticket.timeline[0].text).toBe('z numerem');
  } finally {
    await deadLetters.stop();
    await probe.start([TOPICS.ticketEvents.name, TOPICS.outboundRequested.name, TOPICS.customerEvents.name]);
  }
});

it('keeps a customer profile: tier and notes, audited', async () => {
  const ws = uniqueName('ws');
  await contact(ws, buildContact('chat', [{ kind: 'chat', value: 'visitor-vip' }]));
  const ticket = await ticketWith(ws, 1, 1);
  const changed = await send(ws, 'PATCH', `/customers/${ticket.customer.id as string}`, AGENT, {
    tier: 'vip',
    notes: 'Stały klient od 2015 r.',
  });
  expect(changed.body).toMatchObject({ tier: 'vip', notes: 'Stały klient od 2015 r.' });
  expect((await send(ws, 'PATCH', `/customers/${ticket.customer.id as string}`, AGENT, { tier: 'gold' })).status).toBe(400);
  const { body } = await get(ws, '/audit?entityType=customer');
  expect(body.items[0]).toMatchObject({ action: 'customer.update', before: { tier: 'standard' }, after: { tier: 'vip' } });
});

it('keeps a Slack thread on its ticket, whoever writes in it', async () => {
  const ws = uniqueName('ws');
  const thread = { inReplyTo: null, references: [], providerThreadId: 'C024BE91L:1700000000.000100' };
  await contact(
    ws,
    buildContact('slack', [{ kind: 'slack', value: 'U-ANNA', teamId: 'T-KLIENT' }], { text: 'Faktura się nie zgadza', thread }),
  );
  await ticketWith(ws, 1, 1);
  // A colleague of the customer answers in the same thread: same ticket, though a different person.
  await contact(
    ws,
    buildContact('slack', [{ kind: 'slack', value: 'U-PIOTR', teamId: 'T-KLIENT' }], {
      text: 'Potwierdzam, kwota jest zła',
      thread,
    }),
  );
  const ticket = await ticketWith(ws, 1, 2);
  expect(ticket.timeline.map((e: Json) => e.text)).toEqual(['Faktura się nie zgadza', 'Potwierdzam, kwota jest zła']);
  // A new top-level message from the colleague is their own matter.
  await contact(
    ws,
    buildContact('slack', [{ kind: 'slack', value: 'U-PIOTR', teamId: 'T-KLIENT' }], {
      text: 'Inna sprawa',
      thread: { ...thread, providerThreadId: 'C024BE91L:1700000999.000200' },
    }),
  );
  await ticketWith(ws, 2, 1);
});

it('shows a reply’s delivery on its timeline, only ever moving forward', async () => {
  const ws = uniqueName('ws');
  await contact(ws, buildContact('sms', [{ kind: 'phone', value: '+48602602602' }], { text: 'Kiedy kurier?' }));
  await ticketWith(ws, 1, 1);
  const reply = await send(ws, 'POST', '/tickets/1/replies', AGENT, { text: 'Jutro do 12:00.' });
  const messageId = reply.body.message.id as string;
  const news = (status: 'sent' | 'delivered' | 'failed', reason: string | null = null) =>
    publisher.publish('delivery.updated.v1', {
      workspaceId: ws,
      key: messageId,
      payload: { channel: 'sms', messageId, status, reason, at: new Date().toISOString() },
    });
  const deliveryOf = async () => (await get(ws, '/tickets/1')).body.timeline.find((e: Json) => e.id === messageId).delivery;

  await news('delivered');
  await waitFor('delivered', async () => (await deliveryOf()).status === 'delivered');
  await news('sent'); // late and out of order: ignored
  await news('failed', '30003 Unreachable destination handset');
  await waitFor('failed', async () => (await deliveryOf()).status === 'failed');
  expect(await deliveryOf()).toMatchObject({ status: 'failed', error: '30003 Unreachable destination handset' });
  const event = await probe.waitForEvent(
    'delivery event',
    (e) => e.type === 'ticket.delivery-updated.v1' && e.workspaceId === ws && (e.payload as Json).status === 'failed',
  );
  expect(event.payload).toMatchObject({ number: 1, messageId, channel: 'sms' });
  // News for one message share a partition, so the late "sent" was handled before "failed": it changed nothing.
  const announced = probe
    .events()
    .filter((e) => e.type === 'ticket.delivery-updated.v1' && (e.payload as Json).messageId === messageId);
  expect(announced.map((e) => (e.payload as Json).status)).toEqual(['delivered', 'failed']);
});

it('records a burst of delivery news for several replies together, as each in turn', async () => {
  const ws = uniqueName('ws');
  await contact(ws, buildContact('sms', [{ kind: 'phone', value: '+48603603603' }], { text: 'Gdzie paczka?' }));
  await ticketWith(ws, 1, 1);
  const ids: string[] = [];
  for (const text of ['Sprawdzam.', 'Paczka jest w drodze.', 'Dziękujemy za cierpliwość.'])
    ids.push((await send(ws, 'POST', '/tickets/1/replies', AGENT, { text })).body.message.id as string);
  const news = (messageId: string, status: 'sent' | 'delivered' | 'failed', reason: string | null = null) => ({
    workspaceId: ws,
    key: messageId,
    payload: { channel: 'sms' as const, messageId, status, reason, at: new Date().toISOString() },
  });
  // Published together: they leave in one Kafka send, and each partition's share is handled as one batch.
  await Promise.all(
    [
      news(ids[0], 'sent'),
      news(ids[1], 'failed', '30003 Unreachable destination handset'),
      news(ids[0], 'delivered'),
      news(ids[2], 'sent'),
      news(ids[0], 'sent'), // late: ignored
    ].map((event) => publisher.publish('delivery.updated.v1', event)),
  );
  const statuses = async () => {
    const { timeline } = (await get(ws, '/tickets/1')).body as { timeline: Json[] };
    return ids.map((id) => (timeline.find((e) => e.id === id)?.delivery as Json | undefined)?.status);
  };
  await waitFor('all three recorded', async () => (await statuses()).join() === 'delivered,failed,sent');
  const announced = (id: string) =>
    probe
      .events()
      .filter((e) => e.type === 'ticket.delivery-updated.v1' && (e.payload as Json).messageId === id)
      .map((e) => (e.payload as Json).status);
  await waitFor('four delivery events', async () => ids.flatMap(announced).length >= 4);
  expect([announced(ids[0]), announced(ids[1]), announced(ids[2])]).toEqual([['sent', 'delivered'], ['failed'], ['sent']]);
});

/** A counter or the sum of a metric's series, from the service's /metrics. */
async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${tickets.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

it('answers a chat in few store operations: one message per Idempotency-Key, the ticket changed once, its event first', async () => {
  const ws = uniqueName('ws');
  const session = `chat-session-${uniqueName('s')}`;
  await contact(
    ws,
    buildContact('chat', [{ kind: 'chat', value: `v_${uniqueName('visitor')}` }], {
      text: 'Gdzie jest moja paczka?',
      thread: { inReplyTo: null, references: [], providerThreadId: session },
    }),
  );
  await ticketWith(ws, 1, 1);
  /** A reply and the store operations it cost, from the service's own count (not timed: counted). */
  const reply = async (key: string, text: string) => {
    const [operations, replies] = [
      await metric('threadline_ticket_reply_store_operations_total'),
      await metric('threadline_ticket_replies_total'),
    ];
    const answer = await send(ws, 'POST', '/tickets/1/replies', AGENT, { text }, { 'idempotency-key': key });
    expect(answer.status).toBe(201);
    expect(await metric('threadline_ticket_replies_total')).toBe(replies + 1);
    return { answer, operations: (await metric('threadline_ticket_reply_store_operations_total')) - operations };
  };

  const first = await reply('chat-reply-1', 'Już sprawdzamy.');
  const repeat = await reply('chat-reply-1', 'Już sprawdzamy.');
  const second = await reply('chat-reply-2', 'Paczka jest w drodze.');
  // The ticket read once, the change claimed, then its write, its timeline entry and the message at once (the first
  // reply of a new ticket: no earlier version to look a repeat up in); a repeat finds its claim and writes nothing new;
  // the next reply changes nothing and the ticket says which command made its version: read, then the message.
  expect(first.operations).toBeLessThanOrEqual(5);
  expect(repeat.operations).toBeLessThanOrEqual(5);
  expect(second.operations).toBeLessThanOrEqual(2);

  expect(first.answer.body.ticket).toMatchObject({ status: 'open', version: 2 });
  expect(repeat.answer.body.message.id).toBe(first.answer.body.message.id);
  expect(second.answer.body.ticket).toMatchObject({ status: 'open', version: 2 });
  const secondId = second.answer.body.message.id as string;
  const ofWs = (type: string) => probe.events().filter((e) => e.type === type && e.workspaceId === ws);
  await waitFor(
    'the second reply’s events',
    () =>
      ofWs('ticket.message-added.v1').some((e) => (e.payload as Json).messageId === secondId) &&
      ofWs('outbound.requested.v1').some((e) => (e.payload as Json).messageId === secondId),
  );
  // A repeat may announce again (same event id): one message per key, to the visitor's session.
  const outbound = ofWs('outbound.requested.v1').filter((e) => (e.payload as Json).kind === 'reply');
  expect([...new Set(outbound.map((e) => e.id))]).toHaveLength(2);
  expect(outbound[0].payload).toMatchObject({ channel: 'chat', providerThreadId: session, text: 'Już sprawdzamy.' });
  const detail = await ticketWith(ws, 1, 3);
  expect(detail.timeline.filter((e: Json) => e.direction === 'outbound').map((e: Json) => e.text)).toEqual([
    'Już sprawdzamy.',
    'Paczka jest w drodze.',
  ]);
  expect(detail.timeline.filter((e: Json) => e.kind === 'change')).toHaveLength(1);
  // On the ticket's partition (one key: in order) the change comes before the reply that made it, both at version 2.
  const changesAndReplies = probe
    .events()
    .filter((e) => e.workspaceId === ws)
    .filter(
      (e) =>
        e.type === 'ticket.updated.v1' || (e.type === 'ticket.message-added.v1' && (e.payload as Json).direction === 'outbound'),
    );
  expect(changesAndReplies[0]).toMatchObject({ type: 'ticket.updated.v1', payload: { version: 2 } });
  const replyVersions = changesAndReplies
    .filter((e) => e.type === 'ticket.message-added.v1')
    .map((e) => (e.payload as Json).version);
  expect([...new Set(replyVersions)]).toEqual([2]);
  expect(new Set(ofWs('ticket.updated.v1').map((e) => e.id)).size).toBe(1);
});

it('does not put a stranger’s mail naming someone else’s [#N] on that ticket: a ticket of their own says which number it named', async () => {
  const ws = uniqueName('ws');
  const customers = ['anna@example.pl', 'jan@example.pl', 'ewa@example.pl'];
  for (const [i, address] of customers.entries()) {
    await contact(
      ws,
      buildEmailContact({ subject: `Sprawa ${i + 1}`, text: `Treść ${i + 1}`, from: [{ kind: 'email', value: address }] }),
    );
    await ticketWith(ws, i + 1, 1);
  }

  // Numbers are sequential: a stranger guesses [#1], [#2], [#3] and one that does not exist.
  const stranger = { kind: 'email' as const, value: 'obcy@example.com', displayName: 'Ktoś Obcy' };
  const guesses = [1, 2, 3, 99];
  for (const n of guesses)
    await contact(ws, buildEmailContact({ subject: `Re: Sprawa [#${n}]`, text: `Podszywam się pod #${n}`, from: [stranger] }));
  const own = await ticketWith(ws, 4, guesses.length);
  expect(own.customer.identities.map((i: Json) => i.value)).toEqual(['obcy@example.com']);
  const notes = own.timeline.filter((e: Json) => e.kind === 'note');
  expect(notes.map((n: Json) => n.text.match(/#(\d+)/)?.[1])).toEqual(['1', '2', '3']);
  expect(notes.every((n: Json) => n.automatic === true && n.authorId === null)).toBe(true);
  let leaked = 0;
  for (const n of [1, 2, 3]) {
    const { body } = await get(ws, `/tickets/${n}`);
    leaked += body.timeline.filter((e: Json) => String(e.text ?? '').startsWith('Podszywam')).length;
  }
  expect(leaked).toBe(0);
  console.log(JSON.stringify({ guessedTicketNumbers: { tried: guesses.length, appendedToOthers: leaked } }));

  // A ticket's own customer still reaches it by its number, with no note.
  await contact(
    ws,
    buildEmailContact({
      subject: 'Re: Sprawa [#2]',
      text: 'Czy są już wieści?',
      from: [{ kind: 'email', value: 'jan@example.pl' }],
    }),
  );
  const followed = await ticketWith(ws, 2, 2);
  expect(followed.timeline.filter((e: Json) => e.kind === 'note')).toEqual([]);
});
