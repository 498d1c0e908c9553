import { z } from 'zod';
import { parseOrBadRequest } from '@threadline/service-runtime';

const ticketNumber = z.coerce
  .number({ error: 'must be a ticket number, such as 42' })
  .int('must be a whole number')
  .positive('must be 1 or more');

/** The `:number` of a ticket route; a 400 naming the field `number` when it is not one. */
export function parseTicketNumber(param: string): number {
  return parseOrBadRequest(ticketNumber, param, 'number');
}
