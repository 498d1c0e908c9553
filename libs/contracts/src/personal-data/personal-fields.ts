import type { Identity } from '../events/contact-received.v1';
import { identityMatchKey } from '../identity';
import type { EventType, PayloadOf } from '../registry';

/** What an erased text reads as, in the store and in any replay after its key was destroyed. */
export const ERASED_TEXT = '[erased customer]';
/** The identity every erased sender becomes: a replay shows one "erased customer", never a person. */
export const ERASED_IDENTITY: Identity = { kind: 'chat', value: 'erased-customer' };

/** The subject of an identity's data: its key is created by whoever first writes for it (a channel). */
export function identitySubject(identity: Identity): string {
  return `identity:${identityMatchKey(identity)}`;
}

/** The subject of data the tickets service writes for a customer it knows by id. */
export function customerSubject(customerId: string): string {
  return `customer:${customerId}`;
}

interface PersonalFields<T extends EventType> {
  /** Whose data the event carries: the key that seals it belongs to this subject. */
  subject(payload: PayloadOf<T>): string;
  /** The fields sealed with the subject's key. */
  fields: readonly (keyof PayloadOf<T> & string)[];
  /** The payload as it reads without the key: each personal field replaced by its erased marker, still valid. */
  erase(payload: PayloadOf<T>): PayloadOf<T>;
  /** The partition key names the person (their first identity): replace it by the key's id, which keeps the order. */
  pseudonymiseKey?: boolean;
}

type PersonalEventTypes = 'contact.received.v1' | 'ticket.created.v1' | 'outbound.requested.v1';

/**
 * Every event that carries personal data, and which of its fields do.
 * Events kept forever (contacts, ticket events) are what crypto-shredding is for;
 * other events name people only by ids.
 */
export const PERSONAL_FIELDS: { [T in PersonalEventTypes]: PersonalFields<T> } = {
  'contact.received.v1': {
    subject: (p) => identitySubject(p.from[0]),
    fields: ['from', 'subject', 'text', 'newText', 'html', 'attachments', 'call'],
    erase: (p) => ({
      ...p,
      from: [ERASED_IDENTITY],
      subject: p.subject === null ? null : ERASED_TEXT,
      text: ERASED_TEXT,
      newText: null,
      html: null,
      // How many files there were and their sizes stay for reports; names and places go.
      attachments: p.attachments.map((a) => ({ ...a, ref: 'erased', filename: null })),
      call: p.call && { ...p.call, recordingUrl: null },
    }),
    pseudonymiseKey: true,
  },
  'ticket.created.v1': {
    subject: (p) => customerSubject(p.customerId),
    fields: ['subject'],
    erase: (p) => ({ ...p, subject: p.subject === null ? null : ERASED_TEXT }),
  },
  'outbound.requested.v1': {
    subject: (p) => identitySubject(p.to),
    fields: ['to', 'subject', 'text'],
    erase: (p) => ({ ...p, to: ERASED_IDENTITY, subject: p.subject === null ? null : ERASED_TEXT, text: ERASED_TEXT }),
  },
};

export function personalFieldsOf(type: string): PersonalFields<EventType> | undefined {
  return (PERSONAL_FIELDS as Record<string, PersonalFields<EventType>>)[type];
}
