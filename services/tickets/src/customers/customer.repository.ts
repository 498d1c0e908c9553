import { LRUCache } from 'lru-cache';
import type { Connection, Model } from 'mongoose';
import { identityMatchKey, type Identity } from '@threadline/contracts';
import { deterministicId, findInWorkspace, insertManyOnce, isDuplicateKeyError, updateEach } from '@threadline/persistence';
import { identitiesFromLinks } from './customer-identities';
import {
  customerSchema,
  identityLinkSchema,
  type CustomerDoc,
  type CustomerIdentity,
  type CustomerMergeRecord,
  type IdentityLinkDoc,
} from './customer.schema';

/** Merged records point onward; a chain longer than this is a bug, not data. */
const MAX_MERGE_HOPS = 20;

export function identityKey(workspaceId: string, identity: Identity): string {
  const match = identityMatchKey(identity);
  const memo = `${workspaceId}\u0000${match}`;
  let key = identityKeys.get(memo);
  if (key === undefined) {
    key = deterministicId(workspaceId, 'identity', match);
    identityKeys.set(memo, key);
  }
  return key;
}

/**
 * The intake hashes the same identities over and over (every link read, and every identity of a
 * remembered customer checked against the link): a sha256 each time, ~1% of its CPU.
 */
const identityKeys = new LRUCache<string, string>({ max: 20_000 });

export function storedIdentity(identity: Identity): CustomerIdentity {
  const { kind, value } = identity;
  if (identity.kind === 'messenger') return { kind, value, pageId: identity.pageId };
  if (identity.kind === 'slack') return { kind, value, teamId: identity.teamId };
  return { kind, value };
}

/** The link that makes an identity find its customer (the identity's scope kept, so it can be read back whole). */
function linkDoc(workspaceId: string, customerId: string, identity: Identity): IdentityLinkDoc {
  return { _id: identityKey(workspaceId, identity), workspaceId, customerId, ...storedIdentity(identity) };
}

export type CustomerProfileChange = Partial<Pick<CustomerDoc, 'name' | 'tier' | 'notes'>>;

/** Customers and the identities that find them, always scoped to one workspace. */
export class CustomerRepository {
  private readonly customers: Model<CustomerDoc>;
  private readonly links: Model<IdentityLinkDoc>;

  constructor(connection: Connection) {
    this.customers = connection.model<CustomerDoc>('Customer', customerSchema, 'customers');
    this.links = connection.model<IdentityLinkDoc>('IdentityLink', identityLinkSchema, 'customer_identities');
  }

  /** The customers (after following merges) that own any of these identities; no duplicates. */
  async ownersOf(workspaceId: string, identities: Identity[]): Promise<{ owners: CustomerDoc[]; unlinked: Identity[] }> {
    // One _id lookup per identity: FerretDB answers `_id` equality from its primary
    // key, but scans the collection for `$in` (measured: ~2 ms against ~90 ms at 1,000 docs).
    const links = await Promise.all(identities.map((i) => this.linkOf(workspaceId, i)));
    const owners = new Map<string, CustomerDoc>();
    for (const link of links) {
      if (!link || owners.has(link.customerId)) continue;
      const owner = await this.resolve(workspaceId, link.customerId);
      if (owner) owners.set(owner._id, owner);
    }
    return { owners: [...owners.values()], unlinked: identities.filter((_, i) => !links[i]) };
  }

  /** Who an identity belongs to, if anyone (before following merges). */
  linkOf(workspaceId: string, identity: Identity): Promise<IdentityLinkDoc | null> {
    return findInWorkspace(this.links, workspaceId, identityKey(workspaceId, identity));
  }

  /** The customer record `create` would make for these identities (its id comes from the first). */
  static draft(workspaceId: string, identities: Identity[], name: string | null): CustomerDoc {
    const now = new Date();
    return {
      _id: identityKey(workspaceId, identities[0]),
      workspaceId,
      name,
      identities: identities.map(storedIdentity),
      tier: 'standard',
      notes: null,
      lastTicketId: null,
      ticketEpoch: 0,
      mergedInto: null,
      mergedFrom: [],
      createdAt: now,
      updatedAt: now,
    };
  }

  /**
   * Creates a customer for identities nobody owns yet. Its id comes from the
   * first identity, so a redelivery or a concurrent consumer creates the same
   * one; whoever loses the race on an identity link reads the winner's.
   */
  async create(workspaceId: string, identities: Identity[], name: string | null): Promise<CustomerDoc> {
    const customer = CustomerRepository.draft(workspaceId, identities, name);
    try {
      await this.customers.create(customer);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    await this.link(workspaceId, customer._id, identities);
    const stored = await this.resolve(workspaceId, customer._id);
    if (!stored) throw new Error(`customer ${customer._id} vanished after create`);
    return stored;
  }

  /**
   * Links identities to a customer. An identity someone else linked meanwhile
   * stays theirs (the caller re-reads owners and merges if needed).
   * Returns the identities that were linked here.
   */
  async link(workspaceId: string, customerId: string, identities: Identity[]): Promise<Identity[]> {
    const linked: Identity[] = [];
    for (const identity of identities) {
      try {
        await this.links.create(linkDoc(workspaceId, customerId, identity));
        linked.push(identity);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    await this.cacheOnRecord(customerId, linked.map(storedIdentity));
    return linked;
  }

  /**
   * Adds identities to the record's cache (see `CustomerDoc.identities`). Not checked: FerretDB 1.x
   * applies the update as read-then-write, so another partition's update may overwrite it; nothing a
   * user sees reads the cache.
   */
  private cacheOnRecord(customerId: string, identities: CustomerIdentity[]) {
    if (identities.length === 0) return Promise.resolve();
    return this.customers.updateOne(
      { _id: customerId },
      { $addToSet: { identities: { $each: identities } }, $set: { updatedAt: new Date() } },
    );
  }

  /**
   * The customer's identities, from the links (the truth; the record's array is a cache that concurrent
   * writers can shorten): its own and those of records merged into it (a link written while the merge
   * moved the others can still name the merged record). One indexed equality read per record.
   */
  async identitiesOf(customer: CustomerDoc): Promise<CustomerIdentity[]> {
    const ids = [customer._id, ...(await this.mergedIdsOf(customer))];
    const links = await Promise.all(ids.map((id) => this.links.find({ customerId: id }).lean<IdentityLinkDoc[]>()));
    return identitiesFromLinks(
      customer,
      links.flat().filter((link) => link.workspaceId === customer.workspaceId),
    );
  }

  /** The customer and its identities (see `identitiesOf`), as the API shows them. */
  async withIdentities(customer: CustomerDoc): Promise<{ customer: CustomerDoc; identities: CustomerIdentity[] }> {
    return { customer, identities: await this.identitiesOf(customer) };
  }

  /**
   * The records merged into this customer, directly or through others: those pointing at it
   * (`mergedInto`, indexed) and those its own merge records name (either write can be lost to a
   * concurrent update on FerretDB 1.x; both are read).
   */
  async mergedIdsOf(customer: CustomerDoc): Promise<string[]> {
    const found = new Set(customer.mergedFrom.map((m) => m.customerId));
    let frontier = [customer._id, ...found];
    for (let hop = 0; frontier.length > 0 && hop < MAX_MERGE_HOPS; hop++) {
      const pointing = await Promise.all(
        frontier.map((id) =>
          this.customers.find({ mergedInto: id }, { _id: 1, workspaceId: 1 }).lean<Pick<CustomerDoc, '_id' | 'workspaceId'>[]>(),
        ),
      );
      frontier = pointing
        .flat()
        .filter((c) => c.workspaceId === customer.workspaceId && c._id !== customer._id && !found.has(c._id))
        .map((c) => c._id);
      frontier.forEach((id) => found.add(id));
    }
    found.delete(customer._id);
    return [...found];
  }

  /**
   * What a batch decided about customers, in one round trip each: new
   * customers, then the links of identities to customers, then identities
   * added to existing customers' caches. Answers what a unique key refused (someone
   * else created or linked it meanwhile).
   */
  async saveBatch(batch: {
    created: CustomerDoc[];
    links: { workspaceId: string; customerId: string; identity: Identity }[];
    identitiesAdded: { customerId: string; identities: Identity[] }[];
  }): Promise<{ refusedCustomers: Set<string>; refusedLinks: Set<string> }> {
    const refusedCustomers = await insertManyOnce(this.customers, batch.created);
    const links = batch.links.map(({ workspaceId, customerId, identity }) => linkDoc(workspaceId, customerId, identity));
    const refusedLinks = await insertManyOnce(this.links, links);
    // A record that was there already (its links cut short by a crash, or an erased customer's, whose id
    // an identity names) lists the identities linked to it here, as a record found first would.
    const relinked = [...refusedCustomers].map((customerId) => ({
      customerId,
      identities: batch.links
        .filter((link, i) => link.customerId === customerId && !refusedLinks.has(links[i]._id))
        .map((link) => link.identity),
    }));
    // The records' caches (see `cacheOnRecord`): not checked, nothing a user sees reads them.
    await updateEach(
      this.customers,
      [...batch.identitiesAdded, ...relinked.filter((added) => added.identities.length > 0)].map(
        ({ customerId, identities }) => ({
          updateOne: {
            filter: { _id: customerId },
            update: { $addToSet: { identities: { $each: identities.map(storedIdentity) } }, $set: { updatedAt: new Date() } },
          },
        }),
      ),
    );
    return { refusedCustomers, refusedLinks };
  }

  /** `setLastTicket` for several customers in one round trip. */
  async setLastTickets(updates: { customerId: string; ticketId: string; epoch: number }[]): Promise<void> {
    await updateEach(
      this.customers,
      updates.map(({ customerId, ticketId, epoch }) => ({
        updateOne: { filter: { _id: customerId }, update: { $set: { lastTicketId: ticketId }, $max: { ticketEpoch: epoch } } },
      })),
    );
  }

  /**
   * Folds `merged` into `survivor`: its identities now find the survivor, its
   * tickets belong to the survivor, and it keeps a pointer so anything that
   * still holds its id is led on. Every step is idempotent, so a merge cut
   * short by a crash completes when repeated.
   */
  async merge(
    survivor: CustomerDoc,
    merged: CustomerDoc,
    mergedIdentities: CustomerIdentity[],
    record: Omit<CustomerMergeRecord, 'customerId'>,
  ): Promise<void> {
    // A link this misses (written meanwhile) still counts for the survivor: see `identitiesOf`.
    await this.links.updateMany({ customerId: merged._id }, { $set: { customerId: survivor._id } });
    await this.customers.updateOne({ _id: merged._id }, { $set: { mergedInto: survivor._id, updatedAt: new Date() } });
    const alreadyRecorded = survivor.mergedFrom.some((m) => m.customerId === merged._id);
    await this.customers.updateOne(
      { _id: survivor._id },
      {
        $addToSet: { identities: { $each: mergedIdentities } },
        $set: { updatedAt: new Date(), name: survivor.name ?? merged.name },
        ...(alreadyRecorded ? {} : { $push: { mergedFrom: { customerId: merged._id, ...record } } }),
      },
    );
  }

  /** Remembers the customer's latest ticket (and how many it has opened), so threading is a point lookup. */
  async setLastTicket(customerId: string, ticketId: string, epoch: number): Promise<void> {
    // By _id alone (see findInWorkspace); the id came from a workspace-scoped read.
    await this.customers.updateOne({ _id: customerId }, { $set: { lastTicketId: ticketId }, $max: { ticketEpoch: epoch } });
  }

  async updateProfile(workspaceId: string, customerId: string, change: CustomerProfileChange): Promise<CustomerDoc | null> {
    const customer = await this.findById(workspaceId, customerId);
    if (!customer) return null;
    await this.customers.updateOne({ _id: customerId }, { $set: { ...change, updatedAt: new Date() } });
    return this.findById(workspaceId, customerId);
  }

  /** The customer as stored, merged records included. */
  findById(workspaceId: string, customerId: string): Promise<CustomerDoc | null> {
    return findInWorkspace(this.customers, workspaceId, customerId);
  }

  /** The customer an id stands for today: merged records lead to the one they were merged into. */
  async resolve(workspaceId: string, customerId: string): Promise<CustomerDoc | null> {
    let customer = await this.findById(workspaceId, customerId);
    for (let hop = 0; customer?.mergedInto && hop < MAX_MERGE_HOPS; hop++) {
      customer = await this.findById(workspaceId, customer.mergedInto);
    }
    return customer;
  }

  /** Point lookups rather than `$in`, which FerretDB answers with a scan. */
  async findByIds(workspaceId: string, ids: string[]): Promise<CustomerDoc[]> {
    const found = await Promise.all(ids.map((id) => this.findById(workspaceId, id)));
    return found.filter((c): c is CustomerDoc => c !== null);
  }
}
