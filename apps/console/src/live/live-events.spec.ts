import { noticeFor, refreshFor } from './live-events';

describe('what a live event refreshes', () => {
  it('a new or changed ticket: the lists and that ticket', () => {
    expect(refreshFor({ type: 'ticket.created.v1', number: 4 })).toEqual({ lists: true, ticket: 4 });
  });

  it('a merge: the ticket that grew', () => {
    expect(refreshFor({ type: 'ticket.merged.v1', number: 4, payload: { intoNumber: 2 } })).toEqual({ lists: true, ticket: 2 });
  });

  it('a chat signal: nothing on the lists (the ticket screen shows it)', () => {
    expect(refreshFor({ type: 'chat.typing.v1', number: 4 })).toEqual({ lists: false, ticket: null });
  });
});

describe('what the agent is notified of', () => {
  const me = 'agent-ola';
  it('a note that mentions them, by someone else', () => {
    const note = { type: 'ticket.note-added.v1', number: 7, payload: { noteId: 'n1', authorId: 'agent-szef', mentions: [me] } };
    expect(noticeFor(note, me)).toEqual({ kind: 'mentioned', number: 7, key: 'ticket.note-added.v1:7:n1' });
    expect(noticeFor({ ...note, payload: { ...note.payload, mentions: ['agent-jan'] } }, me)).toBeNull();
  });

  it('a ticket assigned to them by someone else, not one they took themselves', () => {
    const assigned = (actorId: string) => ({
      type: 'ticket.updated.v1',
      number: 9,
      occurredAt: '2026-12-06T10:00:00Z',
      payload: { actor: { kind: 'agent', id: actorId }, changes: { assigneeId: { from: null, to: me } } },
    });
    expect(noticeFor(assigned('agent-szef'), me)?.kind).toBe('assigned');
    expect(noticeFor(assigned(me), me)).toBeNull();
  });

  it('keyed as the gateway stores it, so the live and the stored copy are one notice', () => {
    const note = {
      type: 'ticket.note-added.v1',
      eventId: 'ev-1',
      number: 7,
      payload: { authorId: 'agent-szef', mentions: [me] },
    };
    expect(noticeFor(note, me)?.key).toBe('ev-1:agent-ola');
  });
});
