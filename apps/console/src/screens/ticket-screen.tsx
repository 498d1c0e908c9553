import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { getTicket } from '../api/agent-api';
import { api } from '../api/client';
import type { TicketDetail } from '../api/types';
import { useSession } from '../api/use-session';
import { useI18n } from '../i18n/i18n';
import { openLiveStream } from '../live/live-stream';
import { Composer } from '../tickets/composer';
import { CustomerPanel } from '../tickets/customer-panel';
import { MergeActions } from '../tickets/merge-actions';
import { PropertiesPanel } from '../tickets/properties-panel';
import { Timeline } from '../tickets/timeline';
import { customerLabel } from '../ui/ticket-table';
import { LoadError, Loading } from '../ui/query-state';

/** How long "the customer is typing" stays up after the last signal (the widget sends one every ~2 s). */
const TYPING_SHOWN_MS = 5000;

interface ChatSignals {
  typing: boolean;
  /** When the visitor last said they had read the agent's lines (null: not since the screen opened). */
  visitorReadAt: string | null;
}

/** On a chat ticket: whether the visitor is typing and what they have read, from the ticket's own live stream. */
function useVisitorSignals(number: number, chat: boolean): ChatSignals {
  const [typingUntil, setTypingUntil] = useState(0);
  const [visitorReadAt, setVisitorReadAt] = useState<string | null>(null);
  const [, tick] = useState(0);
  useEffect(() => {
    if (!chat) return;
    return openLiveStream(number, {
      onConnected: () => undefined,
      onMessage: (message) => {
        if (message.type === 'chat.typing.v1' && message.payload?.from === 'visitor') {
          setTypingUntil(Date.now() + TYPING_SHOWN_MS);
          setTimeout(() => tick((n) => n + 1), TYPING_SHOWN_MS);
        }
        if (message.type === 'chat.read.v1' && message.payload?.reader === 'visitor') {
          setVisitorReadAt(typeof message.payload.at === 'string' ? message.payload.at : new Date().toISOString());
        }
      },
    });
  }, [number, chat]);
  return { typing: typingUntil > Date.now(), visitorReadAt };
}

/** On a chat ticket the agent has open: the visitor's newest line is marked read (the widget shows it), once per line. */
function useReadMark(ticket: TicketDetail | undefined): void {
  const marked = useRef<string | null>(null);
  const latest = ticket?.timeline.filter((e) => e.kind === 'message' && e.channel === 'chat' && e.direction === 'inbound').at(-1);
  const number = ticket?.number;
  useEffect(() => {
    if (!latest || number === undefined || marked.current === latest.id || document.visibilityState !== 'visible') return;
    marked.current = latest.id;
    void api(`/tickets/${number}/read`, { method: 'POST', body: { messageId: latest.id } }).catch(() => undefined);
  }, [latest, number]);
}

export function TicketScreen() {
  const number = Number(useParams().number);
  const { t, tv } = useI18n();
  const session = useSession()!;
  const detail = useQuery({
    queryKey: ['ticket', number],
    queryFn: () => getTicket(number),
  });
  const { typing, visitorReadAt } = useVisitorSignals(number, detail.data?.data.channel === 'chat');
  useReadMark(detail.data?.data);

  if (detail.isPending) return <Loading />;
  if (detail.isError) return <LoadError error={detail.error} retry={() => void detail.refetch()} />;
  const { data: ticket } = detail.data;
  const supervises = session.agent.role !== 'agent';

  return (
    <article className="ticket" aria-labelledby="ticket-title">
      <header className="ticket-head">
        <Link to="/tickets">← {t('ticket.back')}</Link>
        <h1 id="ticket-title">
          {t('ticket.title', { number: ticket.number })}: {ticket.subject ?? t('ticket.noSubject')}
        </h1>
        <p className="muted">
          {t('ticket.customer')}: {customerLabel(ticket, t('ticket.unknownCustomer'))} ·{' '}
          <span className={`badge status-${ticket.status}`}>{tv('status', ticket.status)}</span>{' '}
          <span className={`badge priority-${ticket.priority}`}>{tv('priority', ticket.priority)}</span>
        </p>
        {ticket.mergedInto && (
          <p className="notice" role="note">
            {t('ticket.mergedInto')} <Link to={`/tickets/${ticket.mergedInto.number}`}>#{ticket.mergedInto.number}</Link>
          </p>
        )}
      </header>
      <div className="ticket-body">
        <section className="conversation" aria-labelledby="timeline-title">
          <h2 id="timeline-title">{t('ticket.timeline')}</h2>
          <Timeline entries={ticket.timeline} myId={session.agent.id} />
          {visitorReadAt && visitorReadAt >= lastOutboundAt(ticket) && (
            <p className="muted" role="status">
              {t('ticket.readByVisitor')}
            </p>
          )}
          {typing && (
            <p className="typing" role="status">
              {t('ticket.typing')}
            </p>
          )}
          <Composer key={ticket.number} ticket={ticket} />
        </section>
        <aside aria-label={t('ticket.sidebar')}>
          <PropertiesPanel key={ticket.number} ticket={ticket} myId={session.agent.id} />
          {ticket.customer && <CustomerPanel customerId={ticket.customer.id} currentNumber={ticket.number} />}
          {supervises && !ticket.mergedInto && <MergeActions key={ticket.number} ticket={ticket} />}
        </aside>
      </div>
    </article>
  );
}

/** When the agent's side last wrote on the ticket ('' when never): a read mark older than that is stale. */
function lastOutboundAt(ticket: TicketDetail): string {
  return ticket.timeline.filter((e) => e.kind === 'message' && e.direction === 'outbound').at(-1)?.occurredAt ?? '';
}
