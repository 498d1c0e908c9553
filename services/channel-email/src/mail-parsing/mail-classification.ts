import type { ParsedMail } from 'mailparser';

export type MailClass =
  | { kind: 'customer' }
  /** Machine-written replies (out of office, autoresponders, lists): never a ticket, never answered. */
  | { kind: 'automatic'; reason: string }
  /** Sent by one of our own addresses: re-ingesting it would loop. */
  | { kind: 'own'; reason: string }
  /** A delivery status notification about a mail we sent. */
  | { kind: 'bounce'; originalMessageId: string | null; recipient: string | null; diagnostic: string | null };

/** Subjects of out-of-office replies from clients that do not set Auto-Submitted (Polish and English). */
const AUTO_REPLY_SUBJECT =
  /^(automatic reply|auto(matic)?[- ]?reply|autoreply|out of (the )?office|odpowied[źz] automatyczna|autoodpowied[źz]|nieobecno[śs][ćc] w biurze|jestem poza biurem)\b/i;

/**
 * Sorts a mail before it becomes a contact: RFC 3834 (Auto-Submitted), the
 * de-facto autoresponder headers, Precedence bulk/junk/list, out-of-office
 * subjects, our own From addresses, and RFC 3464 delivery reports.
 */
export function classifyMail(mail: ParsedMail, ownAddresses: ReadonlySet<string>): MailClass {
  const header = (name: string) => {
    const value = mail.headers.get(name);
    return typeof value === 'string' ? value.trim() : value === undefined ? null : String(value);
  };
  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (contentType?.value === 'multipart/report' && contentType.params?.['report-type']?.toLowerCase() === 'delivery-status') {
    return bounceOf(mail);
  }
  const from = mail.from?.value.map((a) => a.address?.toLowerCase()).filter(Boolean) ?? [];
  if (from.some((a) => ownAddresses.has(a!))) return { kind: 'own', reason: `sent from our own address ${from[0]}` };
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && autoSubmitted.toLowerCase() !== 'no')
    return { kind: 'automatic', reason: `Auto-Submitted: ${autoSubmitted}` };
  for (const name of ['x-autoreply', 'x-autorespond']) {
    if (header(name) !== null) return { kind: 'automatic', reason: `${name} header` };
  }
  // Exchange marks its own automatic messages (out of office among them) as not to be answered.
  const suppress = header('x-auto-response-suppress');
  if (suppress && /\b(all|oof)\b/i.test(suppress)) return { kind: 'automatic', reason: `X-Auto-Response-Suppress: ${suppress}` };
  const precedence = header('precedence')?.toLowerCase();
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list')
    return { kind: 'automatic', reason: `Precedence: ${precedence}` };
  if (mail.subject && AUTO_REPLY_SUBJECT.test(mail.subject.trim()))
    return { kind: 'automatic', reason: `out-of-office subject "${mail.subject.trim()}"` };
  return { kind: 'customer' };
}

function bounceOf(mail: ParsedMail): MailClass {
  // mailparser shows a message/delivery-status part as body text, and the returned message (or its headers) as an attachment.
  const parts = [...mail.attachments.map((a) => a.content.toString('utf8')), mail.text ?? ''];
  const first = (pattern: RegExp) => parts.map((text) => pattern.exec(text)?.[1]).find((v) => v !== undefined) ?? null;
  const diagnostic = first(/^Diagnostic-Code:\s*(.+(?:\r?\n[ \t].+)*)$/im) ?? first(/^Status:\s*(.+)$/im);
  return {
    kind: 'bounce',
    originalMessageId: first(/^Message-ID:\s*(<[^>\r\n]+>)/im),
    recipient: first(/^Final-Recipient:\s*[^;\r\n]+;\s*(.+)$/im)?.trim() ?? null,
    diagnostic: diagnostic?.replace(/\s+/g, ' ').trim() ?? null,
  };
}
