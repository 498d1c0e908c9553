import * as Dialog from '@radix-ui/react-dialog';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { changeTicket, getTicket } from '../api/agent-api';
import { ApiError, newIdempotencyKey } from '../api/client';
import { useColleagues } from '../api/use-colleagues';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketChange, type TicketDetail, type TicketSummary } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { changeOf, conflictRows, formOf, showValue, type PropertiesForm } from './ticket-change';

interface Conflict {
  mine: TicketChange;
  current: TicketSummary;
}

/**
 * Status, priority, queue, assignee, tags and category, saved with If-Match of
 * the version the agent started editing from; a 409 shows both versions.
 */
export function PropertiesPanel({ ticket, myId }: { ticket: TicketDetail; myId: string }) {
  const { t, tv } = useI18n();
  const queryClient = useQueryClient();
  // The ticket as the agent saw it when they began to edit: what the change is against, and its If-Match.
  const [base, setBase] = useState<TicketSummary>(ticket);
  const [form, setForm] = useState<PropertiesForm>(() => formOf(ticket));
  const [message, setMessage] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof PropertiesForm, value: string) => setForm((f) => ({ ...f, [key]: value }));
  const colleagues = useColleagues();
  const nameOf = (id: string) => colleagues.find((c) => c.id === id)?.name ?? t('ticket.assigneeOther');

  // Someone else's change arriving live refreshes the form, unless the agent is mid-edit (then saving meets a 409).
  useEffect(() => {
    if (ticket.version !== base.version && changeOf(base, form, myId) === null) {
      setBase(ticket);
      setForm(formOf(ticket));
    }
  }, [ticket, base, form, myId]);

  const save = async (change: TicketChange, version: number) => {
    setBusy(true);
    setMessage(null);
    try {
      await changeTicket(ticket.number, change, { 'If-Match': `"${version}"`, 'Idempotency-Key': newIdempotencyKey() });
      setConflict(null);
      const fresh = await getTicket(ticket.number);
      setBase(fresh.data);
      setForm(formOf(fresh.data));
      setMessage(t('ticket.saved'));
      await queryClient.invalidateQueries({ queryKey: ['ticket', ticket.number] });
      void queryClient.invalidateQueries({ queryKey: ['tickets'] });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        const fresh = await getTicket(ticket.number);
        setConflict({ mine: change, current: fresh.data });
      } else setMessage(t('app.error', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const change = changeOf(base, form, myId);
    if (!change) setMessage(t('ticket.nothingChanged'));
    else void save(change, base.version);
  };

  const keepTheirs = () => {
    if (!conflict) return;
    setBase(conflict.current);
    setForm(formOf(conflict.current));
    setConflict(null);
    void queryClient.invalidateQueries({ queryKey: ['ticket', ticket.number] });
  };

  const shown = (field: string, value: unknown) =>
    field === 'status' || field === 'priority' ? tv(field, String(value)) : showValue(value);

  return (
    <form className="properties card" onSubmit={submit} aria-labelledby="properties-title">
      <h2 id="properties-title">{t('ticket.properties')}</h2>
      <label>
        {t('list.status')}
        <select name="status" value={form.status} onChange={(e) => set('status', e.target.value)}>
          {TICKET_STATUSES.map((s) => (
            <option key={s} value={s}>
              {tv('status', s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('list.priority')}
        <select name="priority" value={form.priority} onChange={(e) => set('priority', e.target.value)}>
          {TICKET_PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {tv('priority', p)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('ticket.queue')}
        <input name="queue" value={form.queue} onChange={(e) => set('queue', e.target.value)} />
      </label>
      <label>
        {t('ticket.assignee')}
        <select name="assignee" value={form.assignee} onChange={(e) => set('assignee', e.target.value)}>
          <option value="">
            {t('ticket.assigneeKeep', {
              current:
                ticket.assigneeId === null
                  ? t('ticket.assigneeNone')
                  : ticket.assigneeId === myId
                    ? t('ticket.assigneeMe')
                    : nameOf(ticket.assigneeId),
            })}
          </option>
          <option value="me">{t('ticket.assigneeMe')}</option>
          <option value="none">{t('ticket.assigneeNone')}</option>
          {colleagues
            .filter((c) => c.id !== myId)
            .map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        {t('ticket.tags')}
        <input name="tags" value={form.tags} onChange={(e) => set('tags', e.target.value)} />
      </label>
      <label>
        {t('ticket.category')}
        <input name="category" value={form.category} onChange={(e) => set('category', e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {t('ticket.save')}
      </button>
      {message && <p role="status">{message}</p>}

      <Dialog.Root open={conflict !== null} onOpenChange={(open) => !open && keepTheirs()}>
        <Dialog.Portal>
          <Dialog.Overlay className="overlay" />
          <Dialog.Content className="dialog card">
            <Dialog.Title>{t('conflict.title')}</Dialog.Title>
            <Dialog.Description>{t('conflict.body')}</Dialog.Description>
            {conflict && (
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('conflict.field')}</th>
                    <th scope="col">{t('conflict.theirs')}</th>
                    <th scope="col">{t('conflict.mine')}</th>
                  </tr>
                </thead>
                <tbody>
                  {conflictRows(conflict.current, conflict.mine).map((row) => (
                    <tr key={row.field}>
                      <th scope="row">{tv('field', row.field)}</th>
                      <td>{shown(row.field, row.theirs)}</td>
                      <td>{shown(row.field, row.mine)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <div className="dialog-actions">
              <button type="button" onClick={keepTheirs}>
                {t('conflict.keepTheirs')}
              </button>
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() => conflict && void save(conflict.mine, conflict.current.version)}
              >
                {t('conflict.applyMine')}
              </button>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </form>
  );
}
