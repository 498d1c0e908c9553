import { refreshFor } from './live-events';

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
