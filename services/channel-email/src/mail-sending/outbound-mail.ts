import type Mail from 'nodemailer/lib/mailer';
import { outboundMessageId, type OutboundRequestedV1 } from '@threadline/contracts';
import type { MailboxConfig } from '../config';

/** A mailbox as the sending side sees it. */
export type SendingMailbox = Pick<MailboxConfig, 'id' | 'workspaceId' | 'name' | 'user' | 'addresses' | 'smtp'>;

export type MailboxChoice =
  | { ok: true; mailbox: SendingMailbox & { smtp: NonNullable<SendingMailbox['smtp']> }; fromAddress: string }
  | { ok: false; reason: string };

/**
 * Which mailbox answers, and from which of its addresses: the one the
 * customer wrote to, else the workspace's first mailbox that can send.
 */
export function chooseMailbox(request: Pick<OutboundRequestedV1, 'from'>, mailboxes: readonly SendingMailbox[]): MailboxChoice {
  const wanted = request.from?.trim().toLowerCase() ?? null;
  const serving = wanted ? mailboxes.find((m) => addressesOf(m).includes(wanted)) : undefined;
  const mailbox = serving?.smtp ? serving : mailboxes.find((m) => m.smtp && addressesOf(m).length > 0);
  if (!mailbox?.smtp) {
    return {
      ok: false,
      reason: serving
        ? `mailbox ${serving.id} (${wanted}) has no SMTP settings to send with`
        : 'no mailbox of this workspace has SMTP settings to send with',
    };
  }
  const fromAddress = mailbox === serving && wanted ? wanted : addressesOf(mailbox)[0];
  return { ok: true, mailbox: { ...mailbox, smtp: mailbox.smtp }, fromAddress };
}

function addressesOf(mailbox: SendingMailbox): string[] {
  return [mailbox.user, ...mailbox.addresses].filter((a) => a.includes('@')).map((a) => a.toLowerCase());
}

/**
 * The mail itself. Its Message-ID names the timeline entry (so a customer's
 * reply finds the ticket whatever the subject), In-Reply-To and References
 * continue the customer's thread, and automatic mail says so (RFC 3834), so
 * that well-behaved auto-responders do not answer it.
 */
export function composeMail(request: OutboundRequestedV1, choice: Extract<MailboxChoice, { ok: true }>, now: Date): Mail.Options {
  const domain = choice.fromAddress.split('@')[1];
  const automatic = request.kind === 'acknowledgement';
  return {
    from: { name: choice.mailbox.name ?? '', address: choice.fromAddress },
    to: request.to.value,
    subject: request.subject ?? '',
    text: request.text,
    messageId: outboundMessageId(request.messageId, domain),
    ...(request.inReplyTo ? { inReplyTo: request.inReplyTo } : {}),
    ...(request.references.length > 0 ? { references: request.references } : {}),
    date: now,
    headers: automatic ? { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All', Precedence: 'auto_reply' } : {},
  };
}
