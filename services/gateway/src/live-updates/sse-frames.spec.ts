import { createEnvelope } from '@threadline/contracts';
import type { TypedEnvelope } from '@threadline/contracts';
import { liveMessage, sseFrame } from './sse-frames';

it('frames an event so a line break in the data cannot end it early', () => {
  const frame = sseFrame('ticket.note-added.v1', 'e1', { text: 'linia 1\n\nlinia 2 — żółć' });
  expect(frame.split('\n\n')).toEqual([`event: ticket.note-added.v1\nid: e1\ndata: {"text":"linia 1\\n\\nlinia 2 — żółć"}`, '']);
});

it('tells a screen which ticket changed and to which version', () => {
  const event = createEnvelope({
    type: 'ticket.updated.v1',
    version: 1,
    source: 'tickets',
    workspaceId: 'ws',
    key: 't1',
    payload: { ticketId: 't1', number: 42, version: 3 },
  }) as TypedEnvelope;
  expect(liveMessage(event)).toMatchObject({ type: 'ticket.updated.v1', ticketId: 't1', number: 42, version: 3 });
});
