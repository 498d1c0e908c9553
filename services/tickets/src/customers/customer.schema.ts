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
  identities: CustomerIdentity[];
  tier: CustomerTier;
  notes: string | null;
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
    mergedInto: { type: String, default: null },
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
  customerId: string;
}

export const identityLinkSchema = new Schema<IdentityLinkDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    kind: { type: String, required: true },
    value: { type: String, required: true },
    customerId: { type: String, required: true, index: true },
  },
  { versionKey: false },
);
