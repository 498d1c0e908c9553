import type { TicketFacts } from './evaluate-rules';

/** A ticket's facts for unit tests: a Polish complaint by e-mail, with the overrides given. */
export function buildTicketFacts(overrides: Partial<TicketFacts> = {}): TicketFacts {
  return {
    channel: 'email',
    recipient: 'bok@firma.pl',
    subject: 'Zamówienie 123',
    text: 'Dzień dobry, chciałbym złożyć reklamację butów.',
    status: 'new',
    priority: 'normal',
    queue: null,
    category: null,
    tags: [],
    assigneeId: null,
    customerTier: 'standard',
    ...overrides,
  };
}
