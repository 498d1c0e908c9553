import { ticketDraft } from '../tickets/ticket-draft';
import type { TicketDoc } from '../tickets/ticket.schema';
import { decideThread } from './thread-decision';

const HOUR = 3600_000;
const policy = { continuityMs: 72 * HOUR, reopenMs: 7 * 24 * HOUR };
const now = new Date('2026-11-20T10:00:00+01:00');

function ticket(overrides: Partial<TicketDoc> = {}): TicketDoc {
  const base = ticketDraft({
    id: 't1',
    workspaceId: 'ws',
    customerId: 'c',
    channel: 'email',
    subject: null,
    receivedAt: now,
    openedByEntryId: 'e',
    customerEpoch: 1,
  });
  return { ...base, number: 1, ...overrides };
}
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('decideThread', () => {
  it('gives a voicemail a ticket of its own, even beside the caller’s open ticket', () => {
    const open = ticket({ status: 'open', lastContactAt: ago(HOUR) });
    expect(decideThread({ explicit: null, latest: open, receivedAt: now, standalone: true }, policy)).toEqual({
      kind: 'new',
      previousTicketId: null,
    });
    expect(decideThread({ explicit: null, latest: open, receivedAt: now }, policy).kind).toBe('join');
  });

  it('joins the ticket a contact explicitly refers to, however old its last contact', () => {
    const referenced = ticket({ lastContactAt: ago(30 * 24 * HOUR) });
    expect(decideThread({ explicit: referenced, latest: null, receivedAt: now }, policy)).toEqual({
      kind: 'join',
      ticket: referenced,
    });
  });

  it('reopens a referenced closed ticket within the reopen period, later opens a new one linked to it', () => {
    const closedRecently = ticket({ status: 'closed', resolvedAt: ago(6 * 24 * HOUR) });
    expect(decideThread({ explicit: closedRecently, latest: null, receivedAt: now }, policy).kind).toBe('reopen');
    const closedLongAgo = ticket({ status: 'closed', resolvedAt: ago(8 * 24 * HOUR) });
    expect(decideThread({ explicit: closedLongAgo, latest: null, receivedAt: now }, policy)).toEqual({
      kind: 'new',
      previousTicketId: 't1',
    });
  });

  it('joins the customer’s open ticket inside the continuity window only', () => {
    const recent = ticket({ status: 'waiting_customer', lastContactAt: ago(71 * HOUR) });
    expect(decideThread({ explicit: null, latest: recent, receivedAt: now }, policy).kind).toBe('join');
    const stale = ticket({ lastContactAt: ago(73 * HOUR) });
    expect(decideThread({ explicit: null, latest: stale, receivedAt: now }, policy)).toEqual({
      kind: 'new',
      previousTicketId: null,
    });
  });

  it('does not slip a contact into a closed ticket without a reference', () => {
    const closed = ticket({ status: 'closed', resolvedAt: ago(HOUR), lastContactAt: ago(HOUR) });
    expect(decideThread({ explicit: null, latest: closed, receivedAt: now }, policy)).toEqual({
      kind: 'new',
      previousTicketId: null,
    });
  });

  it('follows a [#N] subject token from that ticket’s customer, however old its last contact', () => {
    const named = ticket({ lastContactAt: ago(30 * 24 * HOUR) });
    expect(
      decideThread({ explicit: null, named: { ticket: named, byItsCustomer: true }, latest: null, receivedAt: now }, policy),
    ).toEqual({
      kind: 'join',
      ticket: named,
    });
  });

  it('does not follow a [#N] from someone else: a new ticket (or their own open one) that says which number it named', () => {
    const someoneElses = ticket({ _id: 'other', number: 1, customerId: 'victim' });
    const stranger = { explicit: null, named: { ticket: someoneElses, byItsCustomer: false }, receivedAt: now };
    expect(decideThread({ ...stranger, latest: null }, policy)).toEqual({ kind: 'new', previousTicketId: null, unfollowed: 1 });
    const theirOwn = ticket({ _id: 'own', number: 7, status: 'open', lastContactAt: ago(HOUR) });
    expect(decideThread({ ...stranger, latest: theirOwn }, policy)).toEqual({ kind: 'join', ticket: theirOwn, unfollowed: 1 });
  });

  it('lets an explicit reference (our Message-ID quoted, a provider thread) win over a subject token', () => {
    const referenced = ticket({ _id: 'ref', number: 3 });
    const someoneElses = ticket({ _id: 'other', number: 1 });
    expect(
      decideThread(
        { explicit: referenced, named: { ticket: someoneElses, byItsCustomer: false }, latest: null, receivedAt: now },
        policy,
      ),
    ).toEqual({ kind: 'join', ticket: referenced });
  });
});
