import { useQuery } from '@tanstack/react-query';
import { ticketsForToday } from '../api/agent-api';
import { useI18n } from '../i18n/i18n';
import { LoadError, Loading } from '../ui/query-state';
import { TicketTable } from '../ui/ticket-table';

/** What needs the agent's action first (GET /tickets/today). */
export function TodayScreen() {
  const { t } = useI18n();
  const today = useQuery({
    queryKey: ['tickets', 'today'],
    queryFn: async () => (await ticketsForToday()).data.items,
  });
  return (
    <section aria-labelledby="today-title">
      <h1 id="today-title">{t('today.title')}</h1>
      <p className="muted">{t('today.intro')}</p>
      {today.isPending ? (
        <Loading />
      ) : today.isError ? (
        <LoadError error={today.error} retry={() => void today.refetch()} />
      ) : today.data.length === 0 ? (
        <p>{t('today.empty')}</p>
      ) : (
        <TicketTable tickets={today.data} caption={t('today.title')} />
      )}
    </section>
  );
}
