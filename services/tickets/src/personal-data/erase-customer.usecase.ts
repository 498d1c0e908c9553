import { deterministicEventId } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import { deterministicId, type AuditLog, type SubjectKeyStore, agentActor } from '@threadline/persistence';
import type { CustomerRepository } from '../customers/customer.repository';
import type { CommandActor } from '../ticket-commands/ticket-policy';
import { CustomerNotFoundError, PersonalDataForbiddenError } from './personal-data-errors';
import { channelRecordsOf, planErasure, type ErasurePlan } from './erasure-plan';
import type { CustomerDataStore } from './customer-data.store';
/** Erasing a customer's data is an admin's decision (RODO Art. 17 requests reach the office, not the desk). */
export function authorizeErasure(actor: CommandActor): void {
  if (actor.role !== 'admin') throw new PersonalDataForbiddenError('erasing a customer needs an admin');
}

export type ErasureAnswer =
  | { erased: true; alreadyErased: false; erasedAt: string; keysDestroyed: number; eventsSealed: boolean; plan: ErasurePlan }
  | { erased: true; alreadyErased: true; erasedAt: string };

interface Deps {
  customers: CustomerRepository;
  store: CustomerDataStore;
  audit: AuditLog;
  publisher: EventPublisher;
  /** Null when PERSONAL_DATA_MASTER_KEY is unset: events were not sealed, only the store is erased. */
  keys: SubjectKeyStore | null;
}

/**
 * Erases a customer (RODO Art. 17): destroys the keys that sealed their data in
 * events (so topics, backups and replays read "erased customer"), replaces
 * their data in the store, and tells the other services which files to delete.
 * Ticket counts, statuses and timings stay for the reports. Safe to repeat: a
 * failed erasure is finished by the next call; an erased customer answers so.
 */
export class EraseCustomer {
  constructor(private readonly deps: Deps) {}

  /** What an erasure would remove; changes nothing. */
  async preview(workspaceId: string, customerId: string): Promise<ErasurePlan & { alreadyErased: boolean }> {
    const { plan, erasedAt } = await this.plan(workspaceId, customerId);
    return { ...plan, alreadyErased: erasedAt !== null };
  }

  async execute(workspaceId: string, customerId: string, actor: CommandActor, reason: string): Promise<ErasureAnswer> {
    authorizeErasure(actor);
    const { store, audit, publisher, keys } = this.deps;
    const { plan, customer, mergedIds, tickets, entries, erasedAt } = await this.plan(workspaceId, customerId);
    if (erasedAt) return { erased: true, alreadyErased: true, erasedAt: erasedAt.toISOString() };
    const at = new Date();
    // Read before the entries are replaced (their provider ids go with them).
    const { contactRefs, outboundMessageIds } = channelRecordsOf(entries);
    // Keys first: from here on, every copy of their events reads as erased, whatever happens next.
    const keysDestroyed = keys ? await keys.destroy(workspaceId, plan.subjects) : 0;
    await store.eraseEntries(entries);
    await store.eraseTickets(tickets);
    // A file another customer also sent is theirs too: channel-email deletes only what nobody else holds.
    const shared = await store.attachmentsInUse(workspaceId, plan.attachmentRefs);
    await publisher.publish('customer.erased.v1', {
      workspaceId,
      key: customer._id,
      id: deterministicEventId('customer.erased', workspaceId, customer._id),
      payload: {
        customerId: customer._id,
        attachmentRefs: plan.attachmentRefs.filter((ref) => !shared.has(ref)),
        ticketIds: tickets.map((t) => t._id),
        contactRefs,
        outboundMessageIds,
        at: at.toISOString(),
      },
    });
    await audit.record({
      id: deterministicId(workspaceId, 'customer-erase', customer._id),
      workspaceId,
      at,
      actor: agentActor(actor.agentId),
      action: 'customer.erase',
      // Counts only: the audit trail must not keep what was erased.
      entity: { type: 'customer', id: customer._id, label: null },
      before: { tickets: plan.tickets, messages: plan.messages, notes: plan.notes, identities: plan.identities.length },
      after: { reason, keysDestroyed, attachments: plan.attachmentRefs.length, calls: plan.calls },
    });
    // Last: the mark is what makes a second call a no-op, so it is set only once all the rest is done.
    await store.eraseCustomer(customer, mergedIds, { at, by: actor.agentId });
    return { erased: true, alreadyErased: false, erasedAt: at.toISOString(), keysDestroyed, eventsSealed: keys !== null, plan };
  }

  private async plan(workspaceId: string, customerId: string) {
    const { customers, store } = this.deps;
    const customer = await customers.resolve(workspaceId, customerId);
    if (!customer) throw new CustomerNotFoundError(customerId);
    const mark = await store.erasedMark(workspaceId, customer._id);
    const tickets = await store.ticketsOf(workspaceId, customer._id);
    const entries = mark ? [] : await store.entriesOf(workspaceId, customer._id, tickets);
    // From the links, not the record's cache: an erasure must reach every identity (and its key).
    const [identities, mergedIds] = await Promise.all([customers.identitiesOf(customer), customers.mergedIdsOf(customer)]);
    const plan = planErasure({ customer, identities, mergedIds }, tickets, entries);
    return { customer, mergedIds, tickets, entries, plan, erasedAt: mark?.at ?? null };
  }
}
