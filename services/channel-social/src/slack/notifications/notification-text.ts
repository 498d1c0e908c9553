import type { TicketPriority, TicketStatus } from '@threadline/contracts';
import { FACTS, type Language, type NotificationRule, type TicketFacts } from './notification-rules';

export interface NotifiedTicket {
  number: number;
  /** The customer's subject; null when they gave none or it is not known here. */
  subject: string | null;
}

const WORDS = {
  pl: {
    ticket: 'Zgłoszenie',
    quote: (s: string) => `„${s}”`,
    open: 'Otwórz zgłoszenie',
    facts: { category: 'kategoria', tag: 'tag', queue: 'kolejka', priority: 'priorytet', status: 'status' },
    priority: { low: 'niski', normal: 'normalny', high: 'wysoki', urgent: 'pilny' },
    status: {
      new: 'nowe',
      open: 'otwarte',
      waiting_customer: 'czeka na klienta',
      waiting_department: 'czeka na dział',
      closed: 'zamknięte',
    },
    created: 'nowe zgłoszenie',
  },
  en: {
    ticket: 'Ticket',
    quote: (s: string) => `“${s}”`,
    open: 'Open ticket',
    facts: { category: 'category', tag: 'tag', queue: 'queue', priority: 'priority', status: 'status' },
    priority: { low: 'low', normal: 'normal', high: 'high', urgent: 'urgent' },
    status: {
      new: 'new',
      open: 'open',
      waiting_customer: 'waiting for the customer',
      waiting_department: 'waiting for a department',
      closed: 'closed',
    },
    created: 'new ticket',
  },
} satisfies Record<Language, unknown>;

const SUBJECT_MAX = 120;

/** Slack reads &, < and > as markup (links, @channel): the customer's words must stay words. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function shortSubject(subject: string | null): string | null {
  const line = subject?.replace(/\s+/g, ' ').trim();
  if (!line) return null;
  return line.length > SUBJECT_MAX ? `${line.slice(0, SUBJECT_MAX - 1)}…` : line;
}

function describeFacts(language: Language, facts: TicketFacts): string {
  const words = WORDS[language];
  const parts = FACTS.filter((fact) => facts[fact] !== undefined).map((fact) => {
    const value = facts[fact]!;
    const shown =
      fact === 'priority'
        ? words.priority[value as TicketPriority]
        : fact === 'status'
          ? words.status[value as TicketStatus]
          : value;
    return `${words.facts[fact]}: ${escapeSlackText(shown)}`;
  });
  return parts.length ? parts.join(', ') : words.created;
}

/**
 * One short line for the department: which ticket, what about it matched,
 * what to do, and a link when the agent app's address is known. Only the
 * number and subject of the ticket: no customer names or contact details.
 */
export function notificationText(rule: NotificationRule, ticket: NotifiedTicket, ticketBaseUrl: string | null): string {
  const words = WORDS[rule.language];
  const subject = shortSubject(ticket.subject);
  const head = `${words.ticket} #${ticket.number}${subject ? ` ${words.quote(escapeSlackText(subject))}` : ''}`;
  const lines = [`${head} — ${describeFacts(rule.language, rule.when)}.${rule.message ? ` ${rule.message}` : ''}`];
  if (ticketBaseUrl) lines.push(`<${ticketBaseUrl}/tickets/${ticket.number}|${words.open} #${ticket.number}>`);
  return lines.join('\n');
}
