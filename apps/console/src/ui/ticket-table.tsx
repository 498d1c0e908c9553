import { Link } from 'react-router';
import type { TicketSummary } from '../api/types';
import { formatDateTime } from '../i18n/dates';
import { useI18n } from '../i18n/i18n';

export const customerLabel = (ticket: TicketSummary, fallback: string): string =>
  ticket.customer?.name ?? ticket.customer?.identities[0]?.value ?? fallback;

/** Tickets as a table; on a narrow screen the less needed columns fold away (see styles.css). */
export function TicketTable({ tickets, caption }: { tickets: TicketSummary[]; caption: string }) {
  const { t, tv, language } = useI18n();
  return (
    <div className="table-wrap">
      <table className="tickets">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('col.number')}</th>
            <th scope="col">{t('col.subject')}</th>
            <th scope="col">{t('col.customer')}</th>
            <th scope="col">{t('col.status')}</th>
            <th scope="col">{t('col.priority')}</th>
            <th scope="col" className="wide-only">
              {t('col.channel')}
            </th>
            <th scope="col" className="wide-only">
              {t('col.updated')}
            </th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((ticket) => (
            <tr key={ticket.id} data-ticket={ticket.number}>
              <td>{ticket.number}</td>
              <td>
                <Link to={`/tickets/${ticket.number}`}>{ticket.subject ?? t('ticket.noSubject')}</Link>
              </td>
              <td>{customerLabel(ticket, t('ticket.unknownCustomer'))}</td>
              <td>
                <span className={`badge status-${ticket.status}`}>{tv('status', ticket.status)}</span>
              </td>
              <td>
                <span className={`badge priority-${ticket.priority}`}>{tv('priority', ticket.priority)}</span>
              </td>
              <td className="wide-only">{tv('channel', ticket.channel)}</td>
              <td className="wide-only">
                <time dateTime={ticket.updatedAt}>{formatDateTime(ticket.updatedAt, language)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
