import { z } from 'zod';

/**
 * A customer was erased (RODO Art. 17): their keys are destroyed, the tickets
 * service has replaced their data. Each service holding copies by reference
 * removes them (channel-email: the attachments named here). Carries no
 * personal data: only ids and storage references.
 */
export const customerErasedV1 = z.object({
  customerId: z.string().min(1),
  /** Attachment references (`attachment:<hash>`) of the customer's messages, to be deleted where kept. */
  attachmentRefs: z.array(z.string().min(1)),
  /** The customer's tickets (ids): services keeping copies per ticket remove theirs. */
  ticketIds: z.array(z.string().min(1)),
  /**
   * The provider's ids of the customer's contacts (a call's CallSid, a chat
   * line's id), by channel: channels keep their records under these, not under
   * the customer. Provider ids name no one.
   */
  contactRefs: z.array(z.object({ channel: z.string().min(1), providerMessageId: z.string().min(1) })).default([]),
  /** Our ids of the messages sent to the customer (outbound.requested.v1's messageId): senders keep the recipient under them. */
  outboundMessageIds: z.array(z.string().min(1)).default([]),
  at: z.iso.datetime({ offset: true }),
});
export type CustomerErasedV1 = z.infer<typeof customerErasedV1>;

/**
 * A workspace's retention periods ran out for some data (the tickets
 * service's daily retention job): the tickets service has anonymised its copy;
 * each service holding copies by reference removes them, as for an erasure.
 * Ids and storage references only; a large run is split over several events.
 */
export const customerDataExpiredV1 = z.object({
  /** The run that decided it (`<workspace>:<local day>`). */
  runId: z.string().min(1),
  attachmentRefs: z.array(z.string().min(1)).default([]),
  ticketIds: z.array(z.string().min(1)).default([]),
  contactRefs: z.array(z.object({ channel: z.string().min(1), providerMessageId: z.string().min(1) })).default([]),
  outboundMessageIds: z.array(z.string().min(1)).default([]),
  /** Channel-email deletes the workspace's rejected raw mails set aside before this instant; null: keep them. */
  rejectedMailsBefore: z.iso.datetime({ offset: true }).nullable().default(null),
  at: z.iso.datetime({ offset: true }),
});
export type CustomerDataExpiredV1 = z.infer<typeof customerDataExpiredV1>;

/** What a service holding copies removes, from an erasure or an expiry alike. */
export interface PersonalDataRemoval {
  attachmentRefs: string[];
  ticketIds: string[];
  contactRefs: { channel: string; providerMessageId: string }[];
  outboundMessageIds: string[];
  rejectedMailsBefore: string | null;
}
