import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
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

/** On a chat ticket: whether the visitor is typing, from the ticket's own live stream (chat signals come on it). */
function useVisitorTyping(number: number, chat: boolean): boolean {
  const [typingUntil, setTypingUntil] = useState(0);
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
      },
    });
  }, [number, chat]);
  return typingUntil > Date.now();
}

export function TicketScreen() {
  const number = Number(useParams().number);
  const { t, tv } = useI18n();
  const session = useSession()!;
  const detail = useQuery({
    queryKey: ['ticket', number],
    queryFn: () => api<TicketDetail>(`/tickets/${number}`),
  });
  const typing = useVisitorTyping(number, detail.data?.data.channel === 'chat');

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
