import type { Connection, Model } from 'mongoose';
import type { Identity } from '@threadline/contracts';
import { deterministicId, isDuplicateKeyError } from '@threadline/persistence';
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
    const known = await this.links.find({ _id: { $in: keys }, workspaceId }).lean();
    if (known.length > 0) {
      const customer = await this.customers.findOne({ _id: known[0].customerId, workspaceId }).lean();
      if (customer) return customer;
    }
    // The customer's id comes from its first identity, so a retry re-creates the same one.
    const customerId = keys[0];
    const now = new Date();
    try {
      await this.customers.create({
        _id: customerId,
        workspaceId,
        name,
        identities: identities.map(({ kind, value }) => ({ kind, value })),
        createdAt: now,
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    for (const identity of identities) {
      try {
        await this.links.create({
          _id: identityKey(workspaceId, identity),
          workspaceId,
          kind: identity.kind,
          value: identity.value,
          customerId,
        });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    const link = await this.links.findOne({ _id: keys[0], workspaceId }).lean();
    const customer = await this.customers.findOne({ _id: link?.customerId ?? customerId, workspaceId }).lean();
    if (!customer) throw new Error(`customer for identity ${keys[0]} vanished`);
    return customer;
  }

  findById(workspaceId: string, customerId: string): Promise<CustomerDoc | null> {
    return this.customers.findOne({ _id: customerId, workspaceId }).lean();
  }

  findByIds(workspaceId: string, ids: string[]): Promise<CustomerDoc[]> {
    return this.customers.find({ _id: { $in: ids }, workspaceId }).lean();
  }
}
