import { InvalidIdentityError, normalizeIdentity, type Identity } from '@threadline/contracts';
import type { CustomerRepository } from './customer.repository';
import type { CustomerDoc } from './customer.schema';
import { MergeCustomers } from './merge-customers';

/** Identities and merges settle within a few rounds even when instances race. */
const MAX_ROUNDS = 5;

export class NoUsableIdentityError extends Error {}

/**
 * Finds the customer behind a contact's identities (the identity graph):
 * normalises them, follows whichever are known, merges customers that the
 * contact proves to be one person, links the new identities, and creates the
 * customer when none is known.
 */
export class IdentifyCustomer {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly mergeCustomers: MergeCustomers,
  ) {}

  async execute(workspaceId: string, raw: Identity[], name: string | null): Promise<CustomerDoc> {
    const identities = usableIdentities(raw);
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const { owners, unlinked } = await this.customers.ownersOf(workspaceId, identities);
      if (owners.length === 0) {
        // Next round confirms every identity is ours, or merges with whoever linked one meanwhile.
        await this.customers.create(workspaceId, identities, name);
        continue;
      }
      let customer = owners.reduce((a, b) => MergeCustomers.survivorOf(a, b)[0]);
      for (const other of owners) {
        if (other._id !== customer._id) {
          customer = await this.mergeCustomers.execute(customer, other, 'shared-identity', { kind: 'system', id: null });
        }
      }
      const linked = unlinked.length ? await this.customers.link(workspaceId, customer._id, unlinked) : [];
      // An identity linked to someone else meanwhile: go round again and merge.
      if (linked.length === unlinked.length) return customer;
    }
    throw new Error('customer identities did not settle');
  }
}

/** Normalised identities without duplicates; an invalid one is dropped unless none is left. */
export function usableIdentities(raw: Identity[]): Identity[] {
  const seen = new Set<string>();
  const usable: Identity[] = [];
  for (const identity of raw) {
    try {
      const normalised = normalizeIdentity(identity);
      const key = JSON.stringify([
        normalised.kind,
        normalised.value,
        'pageId' in normalised ? normalised.pageId : '',
        'teamId' in normalised ? normalised.teamId : '',
      ]);
      if (!seen.has(key)) {
        seen.add(key);
        usable.push(normalised);
      }
    } catch (error) {
      if (!(error instanceof InvalidIdentityError)) throw error;
    }
  }
  if (usable.length === 0) throw new NoUsableIdentityError('the contact has no usable sender identity');
  return usable;
}
