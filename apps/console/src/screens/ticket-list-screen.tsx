import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { listTickets } from '../api/agent-api';
import { CHANNELS, SORT_KEYS, TICKET_PRIORITIES, TICKET_STATUSES } from '../api/types';
import { useI18n } from '../i18n/i18n';
import {
  ASSIGNEE_CHOICES,
  DEFAULT_FILTERS,
  filtersFromSearch,
  filtersToSearch,
  listQuery,
  type TicketFilters,
} from '../tickets/ticket-filters';
import { LoadError, Loading } from '../ui/query-state';
import { TicketTable } from '../ui/ticket-table';

/** The ticket list: the API's filters, sorts and text search, kept in the address (bookmark = a saved view). */
export function TicketListScreen() {
  const { t, tv } = useI18n();
  const [search, setSearch] = useSearchParams();
  const applied = filtersFromSearch(search);
  const [draft, setDraft] = useState<TicketFilters>(applied);
  const set = <K extends keyof TicketFilters>(key: K, value: TicketFilters[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const list = useInfiniteQuery({
    queryKey: ['tickets', 'list', filtersToSearch(applied).toString()],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) => (await listTickets(listQuery(applied, pageParam))).data,
    getNextPageParam: (page) => page.nextCursor,
  });
  const tickets = list.data?.pages.flatMap((p) => p.items) ?? [];

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setSearch(filtersToSearch(draft));
  };

  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title">{t('list.title')}</h1>
      <form className="filters" onSubmit={apply} aria-label={t('list.filters')} role="search">
        <label className="grow">
          {t('list.search')}
          <input
            type="search"
            name="q"
            data-shortcut="search"
            value={draft.q}
            placeholder={t('list.searchHint')}
            onChange={(e) => set('q', e.target.value)}
          />
        </label>
        <fieldset>
          <legend>{t('list.status')}</legend>
          {TICKET_STATUSES.map((status) => (
            <label key={status} className="inline">
              <input
                type="checkbox"
                checked={draft.status.includes(status)}
                onChange={(e) =>
                  set('status', e.target.checked ? [...draft.status, status] : draft.status.filter((s) => s !== status))
                }
              />
              {tv('status', status)}
            </label>
          ))}
        </fieldset>
        <label>
          {t('list.priority')}
          <select value={draft.priority} onChange={(e) => set('priority', e.target.value)}>
            <option value="">{t('list.any')}</option>
            {TICKET_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {tv('priority', p)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('list.assignee')}
          <select value={draft.assignee} onChange={(e) => set('assignee', e.target.value)}>
            {ASSIGNEE_CHOICES.map((a) => (
              <option key={a} value={a}>
                {tv('assignee', a)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('list.channel')}
          <select value={draft.channel} onChange={(e) => set('channel', e.target.value)}>
            <option value="">{t('list.any')}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {tv('channel', c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('list.queue')}
          <input value={draft.queue} onChange={(e) => set('queue', e.target.value)} />
        </label>
        <label>
          {t('list.tag')}
          <input value={draft.tag} onChange={(e) => set('tag', e.target.value)} />
        </label>
        <label>
          {t('list.sort')}
          <select value={draft.sort} onChange={(e) => set('sort', e.target.value)}>
            {SORT_KEYS.map((s) => (
              <option key={s} value={s}>
                {tv('sort', s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('list.order')}
          <select value={draft.order} onChange={(e) => set('order', e.target.value as 'asc' | 'desc')}>
            <option value="desc">{t('order.desc')}</option>
            <option value="asc">{t('order.asc')}</option>
          </select>
        </label>
        <div className="filter-actions">
          <button type="submit" className="primary">
            {t('list.apply')}
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft(DEFAULT_FILTERS);
              setSearch(new URLSearchParams());
            }}
          >
            {t('list.clear')}
          </button>
        </div>
      </form>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} retry={() => void list.refetch()} />
      ) : tickets.length === 0 ? (
        <p>{t('list.empty')}</p>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {t('list.count', { count: tickets.length })}
          </p>
          <TicketTable tickets={tickets} caption={t('list.title')} />
          {list.hasNextPage && (
            <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              {t('list.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
