import type { Connection } from 'mongoose';
import { SendClaimsRepository } from '@threadline/outbound';

/** The SMS sent (`sms_sends`) and Twilio's sids of them (`sms_sids`), where earlier releases kept them. */
export const smsSendClaims = (connection: Connection) => new SendClaimsRepository(connection, 'sms', { providerIds: 'sms_sids' });
