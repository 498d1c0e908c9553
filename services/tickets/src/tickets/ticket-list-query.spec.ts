import { ticketDraft } from './ticket-draft';
import { InvalidCursorError, nextCursor, ticketListParams, toListQuery, cursorFilter } from './ticket-list-query';

describe('ticket list query', () => {
  it('turns comma lists, "none" and text into a store filter, folding diacritics', () => {
    const query = toListQuery(ticketListParams.parse({ status: 'new,open', assignee: 'a1,none', q: 'Żółta' }));
    expect(query.filter).toEqual({
      status: { $in: ['new', 'open'] },
      $or: [{ assigneeId: { $in: ['a1'] } }, { assigneeId: null }],
      searchText: { $regex: 'zolta' },
    });
  });

  it('asks for one status or priority by plain equality, which the store answers from an index', () => {
    const query = toListQuery(ticketListParams.parse({ status: 'open', priority: 'urgent' }));
    expect(query.filter).toEqual({ status: 'open', priority: 'urgent' });
  });

  it('pages by a cursor of the last sort value and number', () => {
    const params = ticketListParams.parse({ sort: 'updated', limit: '1' });
    const last = {
      ...ticketDraft({
        id: 't',
        workspaceId: 'w',
        customerId: 'c',
        channel: 'chat',
        subject: null,
        receivedAt: new Date(),
        openedByEntryId: 'e',
        customerEpoch: 1,
      }),
      number: 7,
    };
    const cursor = nextCursor(toListQuery(params), [last]);
    const next = toListQuery({ ...params, cursor: cursor! });
    expect(cursorFilter(next)).toEqual({
      $or: [{ updatedAt: { $lt: last.updatedAt } }, { updatedAt: last.updatedAt, number: { $lt: 7 } }],
    });
  });

  it('refuses a cursor it did not issue and an unknown sort', () => {
    expect(() => toListQuery(ticketListParams.parse({ cursor: 'bm9wZQ' }))).toThrow(InvalidCursorError);
    expect(ticketListParams.safeParse({ sort: 'colour' }).success).toBe(false);
  });
});
