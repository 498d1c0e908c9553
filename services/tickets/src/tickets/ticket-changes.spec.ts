import type { EventPublisher } from '@threadline/kafka';
import { deterministicId, type AuditEntryDoc, type AuditLog } from '@threadline/persistence';
import { TicketChanges, type ChangeRequest } from './ticket-changes';
import { ticketDraft } from './ticket-draft';
import type { TicketRepository } from './ticket.repository';
import type { TicketDoc } from './ticket.schema';

/** The store and Kafka as far as TicketChanges uses them, in memory; every call logged in order. */
function setUp(stored: TicketDoc, options: { claims?: AuditEntryDoc[]; writtenByOthers?: boolean } = {}) {
  const calls: string[] = [];
  let ticket = stored;
  const claims = new Map((options.claims ?? []).map((c) => [c._id, c]));
  const tickets = {
    findById: async () => (calls.push('findById'), ticket),
    applyVersion: async (_id: string, from: number, set: Partial<TicketDoc>) => {
      calls.push('applyVersion');
      if (options.writtenByOthers || ticket.version !== from) return false;
      ticket = { ...ticket, ...set, version: from + 1 };
      return true;
    },
    addTimelineEntryOnce: async () => (calls.push('addTimelineEntryOnce'), true),
  } as unknown as TicketRepository;
  const audit = {
    find: async (_ws: string, id: string) => (calls.push('audit.find'), claims.get(id) ?? null),
    appendOnce: async (claim: AuditEntryDoc) => {
      calls.push('audit.appendOnce');
      if (claims.has(claim._id)) return false;
      claims.set(claim._id, claim);
      return true;
    },
  } as unknown as AuditLog;
  const publisher = { publish: async (type: string) => void calls.push(`publish ${type}`) } as unknown as EventPublisher;
  return { changes: new TicketChanges(tickets, audit, publisher), calls, now: () => ticket };
}

const newTicket = (overrides: Partial<TicketDoc> = {}): TicketDoc => ({
  ...ticketDraft({
    id: 't-1',
    workspaceId: 'ws-1',
    customerId: 'c-1',
    channel: 'chat',
    subject: null,
    receivedAt: new Date('2026-12-07T04:00:00Z'),
    openedByEntryId: 'e-1',
    customerEpoch: 1,
  }),
  number: 1,
  ...overrides,
});

const request = (ticket: TicketDoc, commandId: string | null, status: TicketDoc['status'] = 'open'): ChangeRequest => ({
  workspaceId: 'ws-1',
  ticketId: ticket._id,
  actor: { kind: 'agent', id: 'agent-ola' },
  action: 'ticket.reply',
  commandId,
  at: new Date('2026-12-07T04:01:00Z'),
  current: ticket,
  decide: () => ({ status }),
});

/** A reply's own work: its message written, then announced. */
const message = (calls: string[]) => ({
  write: async () => (calls.push('write message'), 'message-1'),
  publish: async (written: string, ticket: TicketDoc) => void calls.push(`publish ${written} at version ${ticket.version}`),
});

describe('TicketChanges', () => {
  it('decides on the ticket given, writes the change, its entry and the caller’s message at once, announces the change first', async () => {
    const ticket = newTicket();
    const { changes, calls, now } = setUp(ticket);
    const { change, written } = await changes.applyWith(request(ticket, 'reply-1'), message(calls));

    expect(written).toBe('message-1');
    expect(change).toMatchObject({ replayed: false, ticket: { status: 'open', version: 2 } });
    expect(calls).toEqual([
      'audit.appendOnce',
      'applyVersion',
      'addTimelineEntryOnce',
      'write message',
      'publish ticket.updated.v1',
      'publish message-1 at version 2',
    ]);
    // The ticket says which command made its version: a repeat is recognised without the audit entry.
    expect(now().versionCommand).toEqual({ version: 2, commandId: 'reply-1' });
  });

  it('recognises a repeated command by the ticket’s own word, and reads no audit entry for another command', async () => {
    const ticket = newTicket();
    const { changes, calls, now } = setUp(ticket);
    await changes.applyWith(request(ticket, 'reply-1'), message(calls));

    calls.length = 0;
    const repeat = await changes.applyWith(request(now(), 'reply-1', 'waiting_customer'), message(calls));
    expect(repeat.change).toMatchObject({ replayed: true, ticket: { status: 'open', version: 2 } });
    // Its claim is read to finish it (idempotent steps); the ticket is not written again.
    expect(calls).not.toContain('applyVersion');
    expect(calls).toContain('audit.find');

    calls.length = 0;
    const next = await changes.applyWith(request(now(), 'reply-2'), message(calls));
    expect(next.change).toMatchObject({ replayed: false, claim: null });
    expect(calls).toEqual(['write message', 'publish message-1 at version 2']);
  });

  it('reads the version’s audit entry for a ticket last changed before it said which command did', async () => {
    const claim = (commandId: string): AuditEntryDoc => ({
      _id: '',
      workspaceId: 'ws-1',
      at: new Date(),
      actor: { kind: 'agent', id: 'agent-ola' },
      action: 'ticket.reply',
      entity: { type: 'ticket', id: 't-1', label: '#1' },
      before: { status: 'new', version: 1 },
      after: { status: 'open', version: 2 },
      commandId,
    });
    const ticket = newTicket({ status: 'open', version: 2 });
    const versionTwo = { ...claim('reply-1'), _id: deterministicId('ws-1', 'ticket-version', 't-1', '2') };
    const { changes, calls } = setUp(ticket, { claims: [versionTwo] });
    const repeat = await changes.applyWith(request(ticket, 'reply-1'), message(calls));
    expect(repeat.change.replayed).toBe(true);
    expect(calls[0]).toBe('audit.find');
  });

  it('reads the ticket back before announcing when another writer wrote the version first', async () => {
    const ticket = newTicket();
    const { changes, calls } = setUp(ticket, { writtenByOthers: true });
    await changes.applyWith(request(ticket, null), message(calls));
    expect(calls.indexOf('findById')).toBeGreaterThan(calls.indexOf('applyVersion'));
    expect(calls.indexOf('findById')).toBeLessThan(calls.indexOf('publish ticket.updated.v1'));
  });
});
