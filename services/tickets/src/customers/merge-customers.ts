import { deterministicEventId, type Actor } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import { deterministicId, type AuditLog } from '@threadline/persistence';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { CustomerRepository } from './customer.repository';
import type { CustomerDoc } from './customer.schema';

export interface MergeCustomersDeps {
  customers: CustomerRepository;
  tickets: TicketRepository;
  audit: AuditLog;
  publisher: EventPublisher;
}

/**
 * Two customer records are one person: by a contact that carries identities
 * of both, or by an agent's decision. The older record survives (stable
 * across instances, so concurrent merges agree); the other keeps a pointer,
 * its identities and tickets move over, and the merge is recorded on the
 * survivor, in the audit trail and as customer.merged.v1.
 */
export class MergeCustomers {
  constructor(private readonly deps: MergeCustomersDeps) {}

  /** Which of two customers survives a merge: the older, then the smaller id. */
  static survivorOf(a: CustomerDoc, b: CustomerDoc): [survivor: CustomerDoc, merged: CustomerDoc] {
    const older = a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : 1);
    return older <= 0 ? [a, b] : [b, a];
  }

  async execute(
    survivor: CustomerDoc,
    merged: CustomerDoc,
    reason: 'shared-identity' | 'agent',
    actor: Actor,
  ): Promise<CustomerDoc> {
    const { customers, tickets, audit, publisher } = this.deps;
    const at = new Date();
    // Read before the merge moves its links: what the audit names as the merged record's.
    const identities = await customers.identitiesOf(merged);
    await customers.merge(survivor, merged, identities, { reason, actorId: actor.id, at });
    await tickets.reassignCustomer(survivor.workspaceId, merged._id, survivor._id);
    await this.keepLatestTicket(survivor, merged);
    const mergeId = deterministicId(survivor.workspaceId, 'customer-merge', survivor._id, merged._id);
    await audit.record({
      id: mergeId,
      workspaceId: survivor.workspaceId,
      at,
      actor,
      action: 'customer.merge',
      entity: { type: 'customer', id: survivor._id, label: survivor.name },
      before: { mergedCustomerId: merged._id, identities },
      after: { customerId: survivor._id, reason },
    });
    await publisher.publish('customer.merged.v1', {
      id: deterministicEventId('customer.merged.v1', mergeId),
      workspaceId: survivor.workspaceId,
      key: survivor._id,
      payload: { customerId: survivor._id, mergedCustomerId: merged._id, reason, actor, at: at.toISOString() },
    });
    const result = await customers.resolve(survivor.workspaceId, survivor._id);
    if (!result) throw new Error(`customer ${survivor._id} vanished during merge`);
    return result;
  }

  /** The survivor's continuity ticket is whichever of the two saw a contact last. */
  private async keepLatestTicket(survivor: CustomerDoc, merged: CustomerDoc): Promise<void> {
    if (!merged.lastTicketId) return;
    const [ours, theirs] = await Promise.all([
      survivor.lastTicketId ? this.deps.tickets.findById(survivor.workspaceId, survivor.lastTicketId) : null,
      this.deps.tickets.findById(survivor.workspaceId, merged.lastTicketId),
    ]);
    if (theirs && (!ours || theirs.lastContactAt > ours.lastContactAt)) {
      await this.deps.customers.setLastTicket(survivor._id, theirs._id, survivor.ticketEpoch);
    }
  }
}
