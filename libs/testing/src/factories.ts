import { randomUUID } from 'node:crypto';
import type { PayloadInputOf, TicketState } from '@threadline/contracts';

type ContactInput = PayloadInputOf<'contact.received.v1'>;

/** A valid e-mail contact; override what the test is about. */
export function buildEmailContact(overrides: Partial<ContactInput> = {}): ContactInput {
  return {
    channel: 'email',
    providerMessageId: `<${randomUUID()}@customer.example>`,
    from: [{ kind: 'email', value: 'anna.kowalska@example.pl', displayName: 'Anna Kowalska' }],
    recipient: 'bok@firma.example',
    subject: 'Reklamacja zamówienia — brak przesyłki',
    text: 'Dzień dobry, zamówienie nie dotarło. Proszę o pomoc. Zażółć gęślą jaźń.',
    html: null,
    attachments: [],
    thread: { inReplyTo: null, references: [], providerThreadId: null },
    receivedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** A valid contact on any channel (not e-mail-shaped): sender identities and text; override the rest. */
export function buildContact(
  channel: ContactInput['channel'],
  from: ContactInput['from'],
  overrides: Partial<ContactInput> = {},
): ContactInput {
  return {
    channel,
    providerMessageId: `${channel}-${randomUUID()}`,
    from,
    recipient: null,
    subject: null,
    text: 'Dzień dobry, mam pytanie o zamówienie.',
    html: null,
    attachments: [],
    thread: { inReplyTo: null, references: [], providerThreadId: null },
    receivedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** A ticket's state as ticket events carry it (new, normal, nobody's); override what the test is about. */
export function buildTicketState(overrides: Partial<TicketState> = {}): TicketState {
  return { status: 'new', priority: 'normal', queue: null, assigneeId: null, tags: [], category: null, ...overrides };
}
