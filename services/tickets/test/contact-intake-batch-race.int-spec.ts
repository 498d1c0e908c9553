// Two partitions at once on one customer's contacts (a customer's contacts are keyed by whichever
// identity each came with): while a batch is writing, another partition opens the ticket the batch
// meant to open for one customer, and merges another of the batch's new customers into a known one.
// The batch meets that write, is decided again on a fresh read — and still leaves no ticket empty.
// The other partition is the one-contact path run at a chosen moment of the batch's save (just
// before it writes its tickets), against the same real store.
import { createEnvelope, TOPICS, type TypedEnvelope } from '@threadline/contracts';
import {
  buildContact,
  buildEmailContact,
  commonTestEnv,
  consumerGroupStartingNow,
  inboundMessages,
  startService,
  ticketsInternalApi,
  uniqueName,
  type Json,
  type RunningService,
} from '@threadline/testing';
import { ticketsService } from '../src/app.module';
import { AttachContact } from '../src/contact-intake/attach-contact.usecase';
import { TicketRepository } from '../src/tickets/ticket.repository';

import { batchIntakeWith } from './batch-intake-with';
type ContactPayload = ReturnType<typeof buildContact>;

let workspaceId: string;
const at = (minute: number) => new Date(Date.now() - 3600_000 + minute * 60_000).toISOString();
const event = (payload: ContactPayload) =>
  createEnvelope({
    type: 'contact.received.v1',
    version: 1,
    source: 'test',
    workspaceId,
    key: workspaceId,
    payload,
  }) as TypedEnvelope<'contact.received.v1'>;

const zofiaMail = { kind: 'email' as const, value: 'zofia.lis@example.pl', displayName: 'Zofia Lis' };
const zofiaPhone = { kind: 'phone' as const, value: '+48604555666' };
const adamChat = { kind: 'chat' as const, value: 'visitor-adam' };
/** Adam's chat session: his messages in it belong together. */
const adamSession = { inReplyTo: null, references: [], providerThreadId: 'session-adam' };

const started: RunningService[] = [];
afterAll(() => Promise.all(started.map((s) => s.close())));

// Adam known (his new session opens his second ticket) or new to the store (the batch writes his record first).
it.each([{ adam: 'known' }, { adam: 'new' }])(
  'leaves no ticket empty when another partition opens and merges while a batch writes (Adam $adam)',
  async ({ adam }) => {
    workspaceId = uniqueName('ws');
    const tickets = await startService(ticketsService, {
      ...commonTestEnv('tickets'),
      TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]),
    });
    started.push(tickets);
    const { app } = tickets;
    const one = app.get(AttachContact);
    const store = app.get(TicketRepository);
    // Zofia is known by her e-mail, with a ticket; Adam by his chat, with a ticket of a month ago (his next opens a new one).
    await one.execute(
      event(buildEmailContact({ from: [zofiaMail], subject: 'Zwrot', receivedAt: at(0), text: 'Chcę oddać buty.' })),
    );
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
    if (adam === 'known') {
      await one.execute(event(buildContact('chat', [adamChat], { text: 'Dziękuję za pomoc', receivedAt: monthAgo })));
    }

    // What the other partition does, once, just before the batch writes its tickets: Adam's next chat
    // message opens his first ticket (the one the batch is about to open), and a mail from Zofia that
    // also gives her phone merges the batch's new phone customer into her.
    let otherPartition: (() => Promise<unknown>) | null = async () => {
      await one.execute(
        event(buildContact('chat', [adamChat], { text: 'Halo, jest ktoś?', receivedAt: at(3), thread: adamSession })),
      );
      await one.execute(
        event(
          buildEmailContact({
            from: [zofiaMail, zofiaPhone],
            subject: 'Re: Zwrot',
            receivedAt: at(4),
            text: 'Mój telefon: 604 555 666',
          }),
        ),
      );
    };
    const tickets_ = Object.assign(Object.create(store) as TicketRepository, {
      async insertOnce(docs: Parameters<TicketRepository['insertOnce']>[0]) {
        const run = otherPartition;
        otherPartition = null;
        await run?.();
        return store.insertOnce(docs);
      },
    });
    let races = 0;
    const batch = batchIntakeWith(app, { tickets: tickets_ }, () => races++);
    // The batch: Zofia's phone, new to the store (a new customer and ticket), and Adam's new session.
    const outcomes = await batch.execute([
      event(buildContact('sms', [zofiaPhone], { text: 'Piszę z telefonu w sprawie butów', receivedAt: at(1) })),
      event(buildContact('chat', [adamChat], { text: 'Dzień dobry, mam pytanie', receivedAt: at(2), thread: adamSession })),
    ]);
    expect(outcomes).toEqual(['done', 'done']);
    // The scenario did what it is for: Adam's ticket was taken meanwhile, so the batch was decided again.
    expect(races).toBe(1);

    const api = ticketsInternalApi(tickets, workspaceId);
    const { body } = await tickets.internalApi(workspaceId).fetch('tickets?sort=number&order=asc');
    const timelines = await Promise.all(body.items.map(async (t: Json) => (await api.get(`tickets/${t.number}`)).body));
    const messages = timelines.map((t) => inboundMessages(t.timeline).map((e: Json) => e.text));
    // Every ticket shows who wrote; each message is on exactly one ticket.
    expect(messages.filter((texts) => texts.length === 0)).toEqual([]);
    expect(messages.flat().sort()).toEqual(
      [
        'Chcę oddać buty.',
        ...(adam === 'known' ? ['Dziękuję za pomoc'] : []),
        'Piszę z telefonu w sprawie butów',
        'Dzień dobry, mam pytanie',
        'Halo, jest ktoś?',
        'Mój telefon: 604 555 666',
      ].sort(),
    );
    // Adam's two messages of his new session share his one new ticket.
    expect(messages).toContainEqual(expect.arrayContaining(['Dzień dobry, mam pytanie', 'Halo, jest ktoś?']));
  },
);
