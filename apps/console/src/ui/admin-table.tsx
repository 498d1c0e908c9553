import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError, api } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/translate';
import { LoadError, Loading } from './query-state';

export interface Column<T> {
  label: MessageKey;
  value: (item: T) => ReactNode;
}

/** A value of an admin record as one short line: lists joined, yes/no, nothing as a dash. */
export function shortValue(value: unknown, yes: string, no: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? yes : no;
  if (Array.isArray(value)) return value.map((v) => shortValue(v, yes, no)).join(', ') || '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A channel or service the platform runs without answers 503 with a `…_NOT_CONFIGURED` code. */
export const isNotConfigured = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 503 && (error.code?.endsWith('NOT_CONFIGURED') ?? false);

export function NotConfigured() {
  const { t } = useI18n();
  return <p className="muted">{t('admin.notConfigured')}</p>;
}

/**
 * The records an admin API lists (`{items}`), as a table. A channel the platform
 * runs without answers 503 with a code: shown as "not set up", not as a failure.
 */
export function AdminTable<T>({ path, columns, rowKey }: { path: string; columns: Column<T>[]; rowKey: (item: T) => string }) {
  const { t } = useI18n();
  const list = useQuery({
    queryKey: ['admin', path],
    queryFn: async () => (await api<{ items: T[] }>(path)).data.items,
    retry: false,
  });
  if (list.isPending) return <Loading />;
  if (list.isError) {
    return isNotConfigured(list.error) ? <NotConfigured /> : <LoadError error={list.error} retry={() => void list.refetch()} />;
  }
  if (list.data.length === 0) return <p className="muted">{t('admin.empty')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col">
                {t(c.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {list.data.map((item) => (
            <tr key={rowKey(item)}>
              {columns.map((c) => (
                <td key={c.label}>{c.value(item)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
