import type { Connection, Model } from 'mongoose';
import type { Identity } from '@threadline/contracts';
import { deterministicId, findInWorkspace, isDuplicateKeyError } from '@threadline/persistence';
import { customerSchema, identityLinkSchema, type CustomerDoc, type IdentityLinkDoc } from './customer.schema';

export function identityKey(workspaceId: string, identity: Pick<Identity, 'kind' | 'value'>): string {
  return deterministicId(workspaceId, identity.kind, identity.value);
}

/** Customers and the identities that find them, always scoped to one workspace. */
export class CustomerRepository {
  private readonly customers: Model<CustomerDoc>;
  private readonly links: Model<IdentityLinkDoc>;

  constructor(connection: Connection) {
    this.customers = connection.model<CustomerDoc>('Customer', customerSchema, 'customers');
    this.links = connection.model<IdentityLinkDoc>('IdentityLink', identityLinkSchema, 'customer_identities');
  }

  /**
   * The customer any of these identities belongs to, or a new one. Safe when
   * the same new customer arrives on two consumers at once: the identity link
   * is a unique key and the loser reads the winner's customer.
   */
  async findOrCreate(workspaceId: string, identities: Identity[], name: string | null): Promise<CustomerDoc> {
    const keys = identities.map((i) => identityKey(workspaceId, i));
    // One _id lookup per identity: FerretDB answers `_id` equality from its primary
    // key, but scans the collection for `$in` (measured: ~2 ms against ~90 ms at 1,000 docs).
    const links = await Promise.all(keys.map((id) => findInWorkspace(this.links, workspaceId, id)));
    const known = links.find((link) => link !== null);
    if (known) {
      const customer = await this.findById(workspaceId, known.customerId);
      if (customer) return customer;
    }
    // The customer's id comes from its first identity, so a retry re-creates the same one.
    const customer: CustomerDoc = {
      _id: keys[0],
      workspaceId,
      name,
      identities: identities.map(({ kind, value }) => ({ kind, value })),
      openTicketId: null,
      createdAt: new Date(),
    };
    let raced = false;
    try {
      await this.customers.create(customer);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      raced = true;
    }
    for (const identity of identities) {
      try {
        await this.links.create({ _id: identityKey(workspaceId, identity), workspaceId, ...identity, customerId: customer._id });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        raced = true;
      }
    }
    if (!raced) return customer;
    // Someone else (a redelivery, another instance) got there first: theirs wins.
    const link = await findInWorkspace(this.links, workspaceId, keys[0]);
    const stored = await this.findById(workspaceId, link?.customerId ?? customer._id);
    if (!stored) throw new Error(`customer for identity ${keys[0]} vanished`);
    return stored;
  }

  /** Remembers the customer's current open ticket, so threading is a point lookup, not a scan. */
  async setOpenTicket(workspaceId: string, customerId: string, ticketId: string): Promise<void> {
    // By _id alone (see findInWorkspace); the id came from a workspace-scoped read.
    await this.customers.updateOne({ _id: customerId }, { $set: { openTicketId: ticketId } });
  }

  findById(workspaceId: string, customerId: string): Promise<CustomerDoc | null> {
    return findInWorkspace(this.customers, workspaceId, customerId);
  }

  /** Point lookups rather than `$in`, which FerretDB answers with a scan. */
  async findByIds(workspaceId: string, ids: string[]): Promise<CustomerDoc[]> {
    const found = await Promise.all(ids.map((id) => this.findById(workspaceId, id)));
    return found.filter((c): c is CustomerDoc => c !== null);
  }
}
