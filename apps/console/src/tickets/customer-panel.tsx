import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { getCustomer } from '../api/agent-api';
import { api, newIdempotencyKey } from '../api/client';
import type { CustomerDetail } from '../api/types';
import { formatDateTime } from '../i18n/dates';
import { useI18n } from '../i18n/i18n';
import { LoadError, Loading } from '../ui/query-state';

export const customerQueryKey = (id: string) => ['customer', id] as const;

function CustomerNotes({ customer }: { customer: CustomerDetail }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [notes, setNotes] = useState(customer.notes ?? '');
  const save = useMutation({
    mutationFn: () =>
      api(`/customers/${encodeURIComponent(customer.id)}`, {
        method: 'PATCH',
        body: { notes: notes.trim() ? notes : null },
        headers: { 'idempotency-key': newIdempotencyKey() },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: customerQueryKey(customer.id) }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} className="customer-notes">
      <label>
        {t('customer.notes')}
        <textarea rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <button type="submit" disabled={save.isPending || notes === (customer.notes ?? '')}>
        {t('customer.saveNotes')}
      </button>
      {save.isSuccess && <p role="status">{t('ticket.saved')}</p>}
      {save.isError && <LoadError error={save.error} />}
    </form>
  );
}

/** Who the customer is (every identity on every channel), notes about them, and all their tickets. */
export function CustomerPanel({ customerId, currentNumber }: { customerId: string; currentNumber: number }) {
  const { t, tv, language } = useI18n();
  const customer = useQuery({
    queryKey: customerQueryKey(customerId),
    queryFn: async () => (await getCustomer(customerId)).data,
  });
  return (
    <section className="card customer" aria-labelledby="customer-title">
      <h2 id="customer-title">{t('customer.title')}</h2>
      {customer.isPending ? (
        <Loading />
      ) : customer.isError ? (
        <LoadError error={customer.error} retry={() => void customer.refetch()} />
      ) : (
        <>
          <p>
            <strong>{customer.data.name ?? t('ticket.unknownCustomer')}</strong> · {tv('tier', customer.data.tier)}
          </p>
          <h3>{t('customer.identities')}</h3>
          <ul className="identities">
            {customer.data.identities.map((identity) => (
              <li key={`${identity.kind}:${identity.value}`}>
                <span className="muted">{tv('identity', identity.kind)}:</span> {identity.value}
              </li>
            ))}
          </ul>
          <h3>{t('customer.tickets', { count: customer.data.tickets.length })}</h3>
          <ul className="customer-tickets">
            {customer.data.tickets.map((ticket) => (
              <li key={ticket.id} data-ticket={ticket.number}>
                {ticket.number === currentNumber ? (
                  <strong aria-current="page">
                    #{ticket.number} {ticket.subject ?? t('ticket.noSubject')}
                  </strong>
                ) : (
                  <Link to={`/tickets/${ticket.number}`}>
                    #{ticket.number} {ticket.subject ?? t('ticket.noSubject')}
                  </Link>
                )}
                <br />
                <span className="muted">
                  {tv('channel', ticket.channel)} · {tv('status', ticket.status)} ·{' '}
                  <time dateTime={ticket.updatedAt}>{formatDateTime(ticket.updatedAt, language)}</time>
                </span>
              </li>
            ))}
          </ul>
          <CustomerNotes key={customer.data.updatedAt} customer={customer.data} />
        </>
      )}
    </section>
  );
}
