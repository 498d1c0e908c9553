import type { Channel, Identity } from '@threadline/contracts';
import type { CustomerRepository } from '../customers/customer.repository';
import type { TicketDoc } from '../tickets/ticket.schema';
import { CommandRejectedError } from './command-errors';

/** The identity kind that reaches a customer on each channel (calls are answered by SMS). */
export const ADDRESS_KIND: Record<Channel, Identity['kind']> = {
  email: 'email',
  voice: 'phone',
  sms: 'phone',
  messenger: 'messenger',
  slack: 'slack',
  chat: 'chat',
};

/** The channel an answer goes on when none is asked for: the customer's last one (a call is answered by SMS). */
export function defaultReplyChannel(ticket: TicketDoc): Channel {
  return ticket.replyTarget?.channel === 'voice' ? 'sms' : (ticket.replyTarget?.channel ?? ticket.channel);
}

/** Where on `channel` the customer is reached: the address they last wrote from, else one they are known by. */
export async function customerAddress(customers: CustomerRepository, ticket: TicketDoc, channel: Channel): Promise<Identity> {
  const kind = ADDRESS_KIND[channel];
  const target = ticket.replyTarget;
  if (target && target.identity.kind === kind && (target.channel === channel || kind === 'phone')) return target.identity;
  const customer = await customers.resolve(ticket.workspaceId, ticket.customerId);
  const known = customer && (await customers.identitiesOf(customer)).find((i) => i.kind === kind);
  if (!known)
    throw new CommandRejectedError(
      'NO_ADDRESS_FOR_CHANNEL',
      `the customer has no ${kind} identity to answer on ${channel}`,
      'unprocessable',
    );
  return known as Identity;
}

/** How an answer on `channel` joins the customer's conversation: their thread when it is the channel they wrote on. */
export function answerThreading(ticket: TicketDoc, channel: Channel) {
  const target = ticket.replyTarget;
  const sameThread = target?.channel === channel;
  return {
    inReplyTo: sameThread ? (target?.messageRef ?? null) : null,
    references: sameThread && target ? [...target.references, ...(target.messageRef ? [target.messageRef] : [])] : [],
    providerThreadId: sameThread ? (target?.providerThreadId ?? null) : null,
    from: sameThread ? (target?.recipient ?? null) : null,
    customerWroteAt: sameThread ? (target?.wroteAt?.toISOString() ?? null) : null,
  };
}
