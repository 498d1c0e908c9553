import * as Dialog from '@radix-ui/react-dialog';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { FormActions } from '../forms/form-field';
import { refusalText } from '../forms/use-submit';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/translate';
import { LoadError, Loading } from '../ui/query-state';

export interface Column<T> {
  label: MessageKey;
  value: (item: T) => ReactNode;
}

/** A channel or service the platform runs without answers 503 with a `…_NOT_CONFIGURED` code. */
export const isNotConfigured = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 503 && (error.code?.endsWith('NOT_CONFIGURED') ?? false);

export function NotConfigured() {
  const { t } = useI18n();
  return <p className="muted">{t('admin.notConfigured')}</p>;
}

/** What an admin screen reads: loading, "not switched on" (503 `…_NOT_CONFIGURED`), a failure, or the data. */
export function AdminLoad<T>({
  query,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError || query.data === undefined) {
    return isNotConfigured(query.error) ? (
      <NotConfigured />
    ) : (
      <LoadError error={query.error} retry={() => void query.refetch()} />
    );
  }
  return <>{children(query.data)}</>;
}

/** The frame of every admin form: its title (also its accessible name), the fields, a refusal naming no field, save and cancel. */
export function AdminForm({
  title,
  onSubmit,
  error,
  busy,
  cancel,
  children,
}: {
  title: string;
  onSubmit: () => void | Promise<void>;
  error: string | undefined;
  busy: boolean;
  cancel: () => void;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSubmit();
  };
  return (
    <form className="card admin-form" onSubmit={submit} aria-label={title} noValidate>
      <h2>{title}</h2>
      {children}
      <FormActions error={error} busy={busy} cancel={cancel} />
    </form>
  );
}

export interface AdminRecordsProps<T> {
  /** The list's query key: a saved form refreshes it. */
  listKey: readonly unknown[];
  load: () => Promise<T[]>;
  columns: Column<T>[];
  rowKey: (item: T) => string;
  /** How buttons of a row name it for screen readers ("Edytuj: …"). */
  rowName: (item: T) => string;
  /** Buttons of a row before "edit" (move, switch on/off). */
  rowActions?: (item: T, index: number, items: T[]) => ReactNode;
  /** Deletes the record; the row gets "delete", confirmed in a dialog. Absent: nothing is deleted here. */
  remove?: { request: (item: T) => Promise<unknown>; allowed?: (item: T) => boolean };
  addLabel: MessageKey;
  /** The form for a new record (null) or a change of one; `done` closes it. */
  form: (item: T | null, done: () => void) => ReactNode;
}

/**
 * An admin screen's records: a table (the API's order), "add" under it, the
 * form of the record being added or changed, and delete behind a confirmation.
 * Every admin list of the console (agents, mailboxes, numbers, Pages, Slack
 * teams, rules, SLA policies) is one of these.
 */
export function AdminRecords<T>(props: AdminRecordsProps<T>) {
  const { t } = useI18n();
  const list = useQuery({ queryKey: props.listKey, queryFn: props.load, retry: false });
  // null: no form open; 'new': the new record's form; else the record being changed.
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  return (
    <AdminLoad query={list}>
      {(items) => (
        <>
          {items.length === 0 ? (
            <p className="muted">{t('admin.empty')}</p>
          ) : (
            <RecordTable {...props} items={items} edit={setEditing} />
          )}
          {editing === null ? (
            <button type="button" className="primary" onClick={() => setEditing('new')}>
              {t(props.addLabel)}
            </button>
          ) : (
            <div key={editing === 'new' ? 'new' : props.rowKey(editing)}>
              {props.form(editing === 'new' ? null : editing, () => setEditing(null))}
            </div>
          )}
        </>
      )}
    </AdminLoad>
  );
}

function RecordTable<T>({
  items,
  columns,
  rowKey,
  rowName,
  rowActions,
  remove,
  listKey,
  edit,
}: AdminRecordsProps<T> & { items: T[]; edit: (item: T) => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState<T | null>(null);
  const removal = useMutation({
    mutationFn: (item: T) => remove!.request(item),
    onSuccess: () => setDeleting(null),
    onSettled: () => queryClient.invalidateQueries({ queryKey: listKey }),
  });
  return (
    <>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.label} scope="col">
                  {t(c.label)}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">{t('form.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item, index) => (
              <tr key={rowKey(item)}>
                {columns.map((c) => (
                  <td key={c.label}>{c.value(item)}</td>
                ))}
                <td className="row-actions">
                  {rowActions?.(item, index, items)}
                  <button type="button" onClick={() => edit(item)} aria-label={t('form.editNamed', { name: rowName(item) })}>
                    {t('form.edit')}
                  </button>
                  {remove && (remove.allowed?.(item) ?? true) && (
                    <button
                      type="button"
                      onClick={() => {
                        removal.reset();
                        setDeleting(item);
                      }}
                      aria-label={t('form.deleteNamed', { name: rowName(item) })}
                    >
                      {t('form.delete')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Dialog.Root open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)}>
        <Dialog.Portal>
          <Dialog.Overlay className="overlay" />
          <Dialog.Content className="dialog card">
            <Dialog.Title>{t('form.deleteTitle', { name: deleting === null ? '' : rowName(deleting) })}</Dialog.Title>
            <Dialog.Description>{t('form.deleteBody')}</Dialog.Description>
            {removal.isError && (
              <p role="alert" className="field-error">
                {refusalText(removal.error)}
              </p>
            )}
            <div className="dialog-actions">
              <button type="button" onClick={() => setDeleting(null)}>
                {t('form.cancel')}
              </button>
              <button
                type="button"
                className="primary"
                disabled={removal.isPending}
                onClick={() => deleting !== null && removal.mutate(deleting)}
              >
                {t('form.delete')}
              </button>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </>
  );
}

/** A value of an admin record as one short line: lists joined, nothing as a dash. */
export function shortList(values: readonly string[] | null | undefined): string {
  return values && values.length > 0 ? values.join(', ') : '—';
}
