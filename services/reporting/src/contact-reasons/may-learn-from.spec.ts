import { createEnvelope, validateEvent, type TypedEnvelope } from '@threadline/contracts';
import { buildEmailContact, buildTicketState } from '@threadline/testing';
import { LearnContactReasons, mayLearnFrom, type LearnedEvent } from './learn-contact-reasons.usecase';

const ref = { ticketId: 't-1', number: 1, version: 2 };
const at = '2026-11-02T08:00:00Z';
const event = (type: string, payload: object, version = 1) =>
  JSON.parse(JSON.stringify(createEnvelope({ type, version, source: 'tickets', workspaceId: 'ws', key: 't-1', payload }))) as {
    type: string;
    version: number;
    payload: Record<string, unknown>;
  };
const message = (direction: 'inbound' | 'outbound') =>
  event('ticket.message-added.v1', { ...ref, messageId: 'm-1', customerId: 'c-1', channel: 'email', direction, at });
const update = (kind: 'agent' | 'customer' | 'system', changes: object) =>
  event('ticket.updated.v1', { ...ref, actor: { kind, id: null }, changes, state: buildTicketState(), at });
const categorised = { category: { from: null, to: 'Reklamacja' } };

/** A handler whose store refuses every call: what it answers without the store is all it would do. */
const withoutStore = new LearnContactReasons(
  new Proxy({}, { get: () => () => Promise.reject(new Error('the store was used')) }) as never,
  { of: () => Promise.reject(new Error('a model was read')) } as never,
  () => {
    throw new Error('labelled');
  },
);

it('skips, undecoded, the ticket events the classifier would ignore: outbound messages, changes without an agent’s category', async () => {
  const skipped = [message('outbound'), update('agent', {}), update('customer', categorised), update('system', categorised)];
  for (const e of skipped) {
    expect([e.type, mayLearnFrom(e)]).toEqual([e.type, false]);
    // The handler, given the same event validated, ignores it without the store: the skip changes nothing.
    await expect(withoutStore.execute(validateEvent(e) as TypedEnvelope as LearnedEvent)).resolves.toBe('ignored');
  }
});

it('lets through what it learns from, another version, and what only validation can judge', () => {
  const contact = event('contact.received.v1', buildEmailContact());
  const created = event('ticket.created.v1', {
    ...ref,
    customerId: 'c-1',
    subject: null,
    channel: 'email',
    state: buildTicketState(),
    createdAt: at,
  });
  for (const e of [contact, created, message('inbound'), update('agent', categorised)]) expect(mayLearnFrom(e)).toBe(true);
  // A version it does not know, and malformed payloads: validated (and dead-lettered) as before, never skipped.
  expect(mayLearnFrom({ ...message('outbound'), version: 2 })).toBe(true);
  expect(mayLearnFrom({ ...message('outbound'), payload: null as never })).toBe(true);
  expect(mayLearnFrom({ ...update('agent', {}), payload: { actor: { kind: 'robot' }, changes: 'none' } })).toBe(true);
  expect(mayLearnFrom({ type: 'ticket.note-added.v9', payload: {} })).toBe(true);
});
