import { Schema } from 'mongoose';

export interface CustomerIdentity {
  kind: string;
  value: string;
}

export interface CustomerDoc {
  _id: string;
  workspaceId: string;
  name: string | null;
  identities: CustomerIdentity[];
  /**
   * The ticket a new contact from this customer joins while it is open and
   * recent. Kept here so threading needs no scan of the tickets collection.
   */
  openTicketId: string | null;
  createdAt: Date;
}

export const customerSchema = new Schema<CustomerDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true, index: true },
    name: { type: String, default: null },
    identities: [{ _id: false, kind: String, value: String }],
    openTicketId: { type: String, default: null },
    createdAt: { type: Date, required: true },
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
