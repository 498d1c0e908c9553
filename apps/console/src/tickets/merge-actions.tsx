import * as Dialog from '@radix-ui/react-dialog';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { getTicket } from '../api/agent-api';
import { ApiError, api, newIdempotencyKey } from '../api/client';
import type { TicketDetail } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { customerLabel } from '../ui/ticket-table';

/** What the supervisor is about to merge, shown for confirmation before anything changes. */
type Pending = { kind: 'ticket'; into: TicketDetail } | { kind: 'customer'; other: TicketDetail };

/**
 * Supervisors merge a duplicate ticket into another (it closes, its history
 * joins the other), or two records of one customer (named by a ticket of the
 * other record, since tickets are what agents find).
 */
export function MergeActions({ ticket }: { ticket: TicketDetail }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [kind, setKind] = useState<Pending['kind']>('ticket');
  const [other, setOther] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const failure = (error: unknown) =>
    error instanceof ApiError && error.status === 404
      ? t('merge.noSuchTicket', { number: other })
      : t('app.error', { message: error instanceof Error ? error.message : String(error) });

  const prepare = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const number = Number(other);
    if (!Number.isInteger(number) || number <= 0) return setMessage(t('merge.giveNumber'));
    if (number === ticket.number) return setMessage(t('merge.itself'));
    try {
      const { data } = await getTicket(number);
      if (kind === 'customer' && data.customer?.id === ticket.customer?.id) return setMessage(t('merge.sameCustomer'));
      setPending(kind === 'ticket' ? { kind, into: data } : { kind, other: data });
    } catch (error) {
      setMessage(failure(error));
    }
  };

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      if (pending.kind === 'ticket') {
        await api(`/tickets/${ticket.number}/merge`, {
          method: 'POST',
          body: { intoNumber: pending.into.number },
          headers: { 'idempotency-key': newIdempotencyKey() },
        });
        void queryClient.invalidateQueries({ queryKey: ['tickets'] });
        await navigate(`/tickets/${pending.into.number}`);
      } else {
        await api(`/customers/${encodeURIComponent(ticket.customer!.id)}/merge`, {
          method: 'POST',
          body: { customerId: pending.other.customer!.id },
        });
        setMessage(t('merge.customersDone'));
        await queryClient.invalidateQueries({ queryKey: ['customer'] });
        await queryClient.invalidateQueries({ queryKey: ['ticket', ticket.number] });
      }
      setPending(null);
      setOther('');
    } catch (error) {
      setPending(null);
      setMessage(failure(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card merge" onSubmit={(e) => void prepare(e)} aria-labelledby="merge-title">
      <h2 id="merge-title">{t('merge.title')}</h2>
      <label>
        {t('merge.what')}
        <select value={kind} onChange={(e) => setKind(e.target.value as Pending['kind'])}>
          <option value="ticket">{t('merge.kindTicket')}</option>
          <option value="customer" disabled={!ticket.customer}>
            {t('merge.kindCustomer')}
          </option>
        </select>
      </label>
      <label>
        {t('merge.otherNumber')}
        <input inputMode="numeric" value={other} onChange={(e) => setOther(e.target.value.trim())} />
      </label>
      <button type="submit">{t('merge.prepare')}</button>
      {message && <p role="status">{message}</p>}

      <Dialog.Root open={pending !== null} onOpenChange={(open) => !open && setPending(null)}>
        <Dialog.Portal>
          <Dialog.Overlay className="overlay" />
          <Dialog.Content className="dialog card">
            <Dialog.Title>{t(pending?.kind === 'customer' ? 'merge.confirmCustomers' : 'merge.confirmTickets')}</Dialog.Title>
            <Dialog.Description>
              {pending?.kind === 'ticket'
                ? t('merge.ticketsBody', {
                    number: ticket.number,
                    into: pending.into.number,
                    subject: pending.into.subject ?? t('ticket.noSubject'),
                  })
                : pending
                  ? t('merge.customersBody', {
                      mine: customerLabel(ticket, t('ticket.unknownCustomer')),
                      other: customerLabel(pending.other, t('ticket.unknownCustomer')),
                    })
                  : ''}
            </Dialog.Description>
            <div className="dialog-actions">
              <button type="button" onClick={() => setPending(null)}>
                {t('merge.cancel')}
              </button>
              <button type="button" className="primary" disabled={busy} onClick={() => void confirm()}>
                {t('merge.confirm')}
              </button>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </form>
  );
}
