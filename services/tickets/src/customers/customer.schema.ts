import { Schema } from 'mongoose';

import { CUSTOMER_TIERS } from '@threadline/contracts';

export { CUSTOMER_TIERS };
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

/** An identity as stored: messenger and slack ids carry their page or team. */
export interface CustomerIdentity {
  kind: string;
  value: string;
  pageId?: string;
  teamId?: string;
}

export interface CustomerMergeRecord {
  customerId: string;
  reason: 'shared-identity' | 'agent';
  actorId: string | null;
  at: Date;
}

export interface CustomerDoc {
  _id: string;
  workspaceId: string;
  name: string | null;
  tier: CustomerTier;
  notes: string | null;
  /**
   * A cache of the identities, for the intake's own use (a new ticket's search text). Not the truth:
   * FerretDB 1.x applies `$addToSet` as read-then-write, so concurrent writers can lose one here.
   * What a user sees (panel, API, merges, export, erasure) comes from the identity links
   * (`CustomerRepository.identitiesOf`).
   */
  identities: CustomerIdentity[];
  /**
   * The ticket a new contact from this customer joins while it is open and
   * recent. Kept here so threading needs no scan of the tickets collection.
   */
  lastTicketId: string | null;
  /** How many tickets this customer has opened; the next one's id derives from it (see TicketIds). */
  ticketEpoch: number;
  /** Set when this record was merged into another; lookups follow it. */
  mergedInto: string | null;
  /** Customers merged into this one: the record of who, when and why. */
  mergedFrom: CustomerMergeRecord[];
  createdAt: Date;
  updatedAt: Date;
}

export const customerSchema = new Schema<CustomerDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true, index: true },
    name: { type: String, default: null },
    identities: [{ _id: false, kind: String, value: String, pageId: String, teamId: String }],
    tier: { type: String, enum: CUSTOMER_TIERS, default: 'standard' },
    notes: { type: String, default: null },
    lastTicketId: { type: String, default: null },
    ticketEpoch: { type: Number, default: 0 },
    // Indexed: a customer's identities include those of the records merged into it (see `mergedIdsOf`).
    mergedInto: { type: String, default: null, index: true },
    mergedFrom: [{ _id: false, customerId: String, reason: String, actorId: String, at: Date }],
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

/**
 * One document per (workspace, identity), pointing at its customer. The _id is
 * derived from the identity, so two consumers seeing the same new identity at
 * once cannot create two customers (a plain unique key; no transactions).
 */
export interface IdentityLinkDoc {
  _id: string;
  workspaceId: string;
  kind: string;
  value: string;
  /** The Messenger page or Slack team of the identity (links written before 2026-12-06 lack it). */
  pageId?: string;
  teamId?: string;
  customerId: string;
}

export const identityLinkSchema = new Schema<IdentityLinkDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    kind: { type: String, required: true },
    value: { type: String, required: true },
    pageId: { type: String },
    teamId: { type: String },
    // Indexed: a customer's identities are read by it (one equality, pushed down to the store).
    customerId: { type: String, required: true, index: true },
  },
  { versionKey: false },
);
