import { ticketDraft } from '../tickets/ticket-draft';
import type { TicketDoc } from '../tickets/ticket.schema';
import { authorizeMerge, authorizeUpdate, CommandForbiddenError } from './ticket-policy';

const assignedTo = (assigneeId: string | null): TicketDoc => ({
  ...ticketDraft({
    id: 't',
    workspaceId: 'ws',
    customerId: 'c',
    channel: 'sms',
    subject: null,
    receivedAt: new Date(),
    openedByEntryId: 'e',
    customerEpoch: 1,
  }),
  number: 1,
  assigneeId,
});
const ola = { agentId: 'ola', role: 'agent' as const };
const ewa = { agentId: 'ewa', role: 'supervisor' as const };

describe('authorizeUpdate', () => {
  it('lets an agent take an unassigned ticket and hand back their own', () => {
    expect(() => authorizeUpdate(ola, assignedTo(null), { assigneeId: 'ola' })).not.toThrow();
    expect(() => authorizeUpdate(ola, assignedTo('ola'), { assigneeId: null })).not.toThrow();
  });
  it('stops an agent from reassigning someone else’s ticket or giving theirs to another', () => {
    expect(() => authorizeUpdate(ola, assignedTo('piotr'), { assigneeId: 'ola' })).toThrow(CommandForbiddenError);
    expect(() => authorizeUpdate(ola, assignedTo('ola'), { assigneeId: 'piotr' })).toThrow(CommandForbiddenError);
  });
  it('lets an agent work on status and priority of any ticket, and a supervisor reassign', () => {
    expect(() => authorizeUpdate(ola, assignedTo('piotr'), { status: 'open', priority: 'high' })).not.toThrow();
    expect(() => authorizeUpdate(ewa, assignedTo('piotr'), { assigneeId: 'ola' })).not.toThrow();
  });
});

it('keeps merges for supervisors and admins', () => {
  expect(() => authorizeMerge(ola)).toThrow(CommandForbiddenError);
  expect(() => authorizeMerge(ewa)).not.toThrow();
});
