import type { DeliveryUpdatedV1 } from '@threadline/contracts';

export interface MappedStatus {
  status: DeliveryUpdatedV1['status'];
  reason: string | null;
}

/** Twilio error codes seen on undelivered/failed messages, in words an agent understands. */
const ERROR_WORDS: Record<string, string> = {
  '30003': 'unreachable destination handset',
  '30004': 'message blocked',
  '30005': 'unknown destination handset',
  '30006': 'landline or unreachable carrier',
  '30007': 'carrier filtered it as spam',
  '30008': 'unknown error',
};

/**
 * Twilio's MessageStatus as our delivery status. Statuses before "sent"
 * (queued, accepted, sending) already mean Twilio took the message, which is
 * what "sent" says; statuses that are not about delivery (receiving…) are null.
 */
export function mapTwilioStatus(messageStatus: string, errorCode?: string | null): MappedStatus | null {
  switch (messageStatus) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
    case 'sending':
    case 'sent':
      return { status: 'sent', reason: null };
    case 'delivered':
    case 'read':
      return { status: 'delivered', reason: null };
    case 'undelivered':
    case 'failed':
    case 'canceled': {
      const words = errorCode ? ERROR_WORDS[errorCode] : undefined;
      const code = errorCode ? `Twilio ${errorCode}` : 'Twilio';
      return { status: 'failed', reason: `${code}: ${messageStatus}${words ? ` (${words})` : ''}` };
    }
    default:
      return null;
  }
}
