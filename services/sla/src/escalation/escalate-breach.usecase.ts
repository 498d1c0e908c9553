import type { AnyEvent } from '@threadline/contracts';
import type { HandlerOutcome } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import type { InternalApiClient } from '@threadline/service-runtime';
import type { PolicyBook } from '../policies/policy-book';
import { escalationChange, escalationNote, type TicketNow } from './escalation-plan';

/** Under this id the escalation's changes and note appear on the ticket's timeline. */
export const SLA_ACTOR_ID = 'sla';

/** The tickets service could not be reached or failed (5xx): the event is tried again. */
class TicketsUnavailable extends Error {
  // The name the consumers know as a dependency's failure: retried, never dead-lettered.
  override readonly name = 'DependencyUnavailableError';
}

/**
 * A breach sets off its policy's escalation: the ticket's priority raised,
 * the ticket reassigned or moved, tags added, and a note mentioning the
 * agents to tell — as commands to the tickets service under a service token,
 * each with an idempotency key from the breach event, so a redelivered breach
 * changes nothing twice.
 */
export class EscalateBreach {
  constructor(
    private readonly book: PolicyBook,
    private readonly tickets: InternalApiClient,
    private readonly logger: Logger,
  ) {}

  async handle(event: AnyEvent): Promise<HandlerOutcome> {
    if (event.type !== 'sla.breached.v1') return 'ignored';
    const { workspaceId, payload: breach } = event;
    const rules = await this.book.rulesOf(workspaceId);
    const escalation = rules.policies.find((p) => p.id === breach.policyId)?.escalation;
    if (!escalation || !escalation.targets.includes(breach.target)) return 'ignored';

    const ticket = await this.call<TicketNow>(workspaceId, `tickets/${breach.number}`);
    if (!ticket || ticket.status === 'closed') return 'ignored';
    const change = escalationChange(escalation, ticket);
    if (Object.keys(change).length > 0)
      await this.call(workspaceId, `tickets/${breach.number}`, {
        method: 'PATCH',
        body: change,
        key: `sla-escalation:${event.id}`,
      });
    await this.call(workspaceId, `tickets/${breach.number}/notes`, {
      method: 'POST',
      body: { text: escalationNote(breach, rules.calendar.timezone), mentions: escalation.notifyAgents },
      key: `sla-escalation-note:${event.id}`,
    });
    return 'done';
  }

  /** Null when the tickets service refuses (4xx: the ticket is gone, or the change not allowed — logged, not retried). */
  private async call<T>(
    workspaceId: string,
    path: string,
    request: { method?: 'PATCH' | 'POST'; body?: unknown; key?: string } = {},
  ): Promise<T | null> {
    let response: Response;
    try {
      response = await this.tickets.asItself(workspaceId, path, {
        method: request.method ?? 'GET',
        body: request.body,
        headers: { 'idempotency-key': request.key },
      });
    } catch (error) {
      throw new TicketsUnavailable(`tickets did not answer: ${(error as Error).message}`);
    }
    const body = (await response.json().catch(() => null)) as T | null;
    if (response.status >= 500) throw new TicketsUnavailable(`tickets answered ${response.status}`);
    if (!response.ok) {
      this.logger.warn({ workspaceId, path, status: response.status, body }, 'SLA escalation step refused by tickets');
      return null;
    }
    return body;
  }
}
