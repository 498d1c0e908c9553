import { createEnvelope } from '@threadline/contracts';
import { concernsTicket, liveMessage, readTicketEvent, sseFrame } from './sse-frames';

const envelope = (type: string, payload: unknown) =>
  createEnvelope({ type, version: 1, source: 'tickets', workspaceId: 'ws', key: 't1', payload });
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

it('frames an event so a line break in the data cannot end it early', () => {
  const frame = sseFrame('ticket.note-added.v1', 'e1', { text: 'linia 1\n\nlinia 2 — żółć' });
  expect(frame.split('\n\n')).toEqual([`event: ticket.note-added.v1\nid: e1\ndata: {"text":"linia 1\\n\\nlinia 2 — żółć"}`, '']);
});

it('tells a screen which ticket changed and to which version', () => {
  const event = envelope('ticket.updated.v1', { ticketId: 't1', number: 42, version: 3 });
  expect(liveMessage(event)).toMatchObject({ type: 'ticket.updated.v1', ticketId: 't1', number: 42, version: 3 });
});

it('answers null for what a payload does not carry', () => {
  expect(liveMessage(envelope('ticket.pinged.v1', { note: 'x' }))).toMatchObject({ ticketId: null, number: null, version: null });
});

describe('readTicketEvent', () => {
  it('passes ticket events of types and payload fields this build does not know', () => {
    const event = envelope('ticket.sla-breached.v7', { ticketId: 't1', number: 4, newField: 'kept' });
    expect(readTicketEvent(bytes(event))).toEqual(event);
  });

  it('skips other events, broken envelopes and non-JSON', () => {
    expect(readTicketEvent(bytes(envelope('customer.merged.v1', {})))).toBeNull();
    expect(readTicketEvent(bytes({ ...envelope('ticket.updated.v1', {}), workspaceId: '' }))).toBeNull();
    expect(readTicketEvent(Buffer.from('not json'))).toBeNull();
    expect(readTicketEvent(null)).toBeNull();
  });
});

describe('concernsTicket', () => {
  it("matches the ticket's own events and a merge into it", () => {
    expect(concernsTicket(envelope('ticket.updated.v1', { number: 7 }), 7)).toBe(true);
    expect(concernsTicket(envelope('ticket.merged.v1', { number: 5, intoNumber: 7 }), 7)).toBe(true);
    expect(concernsTicket(envelope('ticket.updated.v1', { number: 8 }), 7)).toBe(false);
    expect(concernsTicket(envelope('ticket.updated.v1', null), 7)).toBe(false);
  });
});
