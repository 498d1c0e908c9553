import { createEnvelope } from '@threadline/contracts';
import { chatSessionOf, concernsTicket, isInboundChatMessage, liveMessage, readLiveEvent, sseFrame } from './sse-frames';

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

describe('readLiveEvent', () => {
  it('passes ticket events of types and payload fields this build does not know', () => {
    const event = envelope('ticket.sla-breached.v7', { ticketId: 't1', number: 4, newField: 'kept' });
    expect(readLiveEvent(bytes(event))).toEqual(event);
  });

  it('skips other events, broken envelopes and non-JSON', () => {
    expect(readLiveEvent(bytes(envelope('customer.merged.v1', {})))).toBeNull();
    expect(readLiveEvent(bytes({ ...envelope('ticket.updated.v1', {}), workspaceId: '' }))).toBeNull();
    expect(readLiveEvent(Buffer.from('not json'))).toBeNull();
    expect(readLiveEvent(null)).toBeNull();
  });

  it("passes the web chat's typing and read signals but not agents' chat presence", () => {
    const typing = envelope('chat.typing.v1', { sessionId: 'cs_abcdefghijkl', from: 'visitor', number: null });
    expect(readLiveEvent(bytes(typing))).toEqual(typing);
    expect(readLiveEvent(bytes(envelope('chat.read.v1', { sessionId: 'cs_abcdefghijkl' })))).not.toBeNull();
    expect(readLiveEvent(bytes(envelope('chat.presence.v1', { agentId: 'a1', status: 'available' })))).toBeNull();
  });
});

describe('chat signals on the feed', () => {
  it('names the session of a chat signal only', () => {
    expect(chatSessionOf(envelope('chat.typing.v1', { sessionId: 'cs_1' }))).toBe('cs_1');
    expect(chatSessionOf(envelope('ticket.updated.v1', { sessionId: 'cs_1' }))).toBeNull();
  });

  it("tells the visitor's chat messages from the rest", () => {
    const added = (channel: string, direction: string) => envelope('ticket.message-added.v1', { number: 1, channel, direction });
    expect(isInboundChatMessage(added('chat', 'inbound'))).toBe(true);
    expect(isInboundChatMessage(added('chat', 'outbound'))).toBe(false);
    expect(isInboundChatMessage(added('email', 'inbound'))).toBe(false);
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
