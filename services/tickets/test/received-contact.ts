import { createEnvelope, EVENT_TYPES, validateEvent, type TypedEnvelope } from '@threadline/contracts';
import type { buildEmailContact } from '@threadline/testing';

/** A contact as the intake gets it: in its envelope, validated, defaults applied. */
export function receivedContact(
  workspaceId: string,
  payload: ReturnType<typeof buildEmailContact>,
): TypedEnvelope<'contact.received.v1'> {
  return validateEvent(
    createEnvelope({
      type: 'contact.received.v1',
      version: EVENT_TYPES['contact.received.v1'].version,
      source: 'test',
      workspaceId,
      key: 'k',
      payload,
    }),
  ) as TypedEnvelope<'contact.received.v1'>;
}
