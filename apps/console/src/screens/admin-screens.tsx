import { useState, type ComponentType, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { RulesAdmin } from '../admin/rules-admin';
import { SlaAdmin } from '../admin/sla-admin';
import { api } from '../api/client';
import { CHANNELS, type Channel } from '../api/types';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/translate';
import { AdminTable, shortValue, type Column } from '../ui/admin-table';
import { LoadError } from '../ui/query-state';

type Row = Record<string, unknown>;

/** One admin API's records, read as the platform holds them (changes go through the API and are audited). */
type AdminList = { path: string; title: MessageKey } & (
  | { api: string; key: string; columns: [MessageKey, (row: Row) => unknown][] }
  /** Records the console edits: their own screen instead of the read-only table. */
  | { editor: ComponentType }
);

const ADMIN_LISTS: AdminList[] = [
  {
    path: 'mailboxes',
    title: 'admin.mailboxes',
    api: '/mailboxes',
    key: 'id',
    columns: [
      ['admin.col.name', (r) => r.name ?? r.id],
      ['admin.col.user', (r) => r.user],
      ['admin.col.host', (r) => r.host],
      ['admin.col.addresses', (r) => r.addresses],
      ['admin.col.sync', (r) => (r.sync as { error?: string | null } | null)?.error ?? (r.sync ? 'OK' : null)],
    ],
  },
  {
    path: 'numbers',
    title: 'admin.numbers',
    api: '/voice/numbers',
    key: 'number',
    columns: [
      ['admin.col.number', (r) => r.number],
      ['admin.col.calls', (r) => (r.calls ? 'IVR' : null)],
    ],
  },
  {
    path: 'messenger',
    title: 'admin.messenger',
    api: '/messenger/pages',
    key: 'pageId',
    columns: [
      ['admin.col.page', (r) => r.pageId],
      ['admin.col.name', (r) => r.name],
    ],
  },
  {
    path: 'slack',
    title: 'admin.slack',
    api: '/slack/teams',
    key: 'teamId',
    columns: [
      ['admin.col.team', (r) => r.teamId],
      ['admin.col.channels', (r) => r.supportChannels],
    ],
  },
  { path: 'rules', title: 'admin.rules', editor: RulesAdmin },
  { path: 'sla', title: 'admin.sla', editor: SlaAdmin },
];

/** The admin's index: every setting screen the API has. */
export function AdminIndexScreen() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t('admin.title')}</h1>
      <ul>
        <li>
          <Link to="/admin/agents">{t('agents.title')}</Link>
        </li>
        {ADMIN_LISTS.map((list) => (
          <li key={list.path}>
            <Link to={`/admin/${list.path}`}>{t(list.title)}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** /admin/:list — one of ADMIN_LISTS. */
export function AdminListScreen() {
  const { t } = useI18n();
  const list = ADMIN_LISTS.find((l) => l.path === useParams().list);
  if (!list) return <h1>{t('app.notFound')}</h1>;
  return (
    <section aria-labelledby="admin-list-title">
      <p>
        <Link to="/admin">← {t('admin.title')}</Link>
      </p>
      <h1 id="admin-list-title">{t(list.title)}</h1>
      {'editor' in list ? <list.editor /> : <ReadOnlyList list={list} />}
      {list.path === 'rules' && <RuleTester />}
    </section>
  );
}

function ReadOnlyList({ list }: { list: Extract<AdminList, { api: string }> }) {
  const { t } = useI18n();
  const columns: Column<Row>[] = list.columns.map(([label, value]) => ({
    label,
    value: (row) => shortValue(value(row), t('admin.yes'), t('admin.no')),
  }));
  return <AdminTable<Row> path={list.api} columns={columns} rowKey={(row) => String(row[list.key])} />;
}

interface TestResult {
  firings: { ruleId: string; name: string; would: { kind: string; summary: string }[] }[];
}

/** Which rules a sample contact would fire, and what they would do; nothing is changed. */
function RuleTester() {
  const { t, tv } = useI18n();
  const [channel, setChannel] = useState<Channel>('email');
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const [result, setResult] = useState<TestResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const body = { trigger: 'ticket.created', sample: { channel, subject: subject || null, text } };
      setResult((await api<TestResult>('/routing/rules/test', { method: 'POST', body })).data);
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form className="card tester" onSubmit={(e) => void submit(e)} aria-labelledby="tester-title">
      <h2 id="tester-title">{t('tester.title')}</h2>
      <label>
        {t('list.channel')}
        <select value={channel} onChange={(e) => setChannel(e.target.value as Channel)}>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {tv('channel', c)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('col.subject')}
        <input value={subject} onChange={(e) => setSubject(e.target.value)} />
      </label>
      <label>
        {t('composer.text')}
        <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit">{t('tester.run')}</button>
      {error !== null && <LoadError error={error} />}
      {result && (
        <div role="status">
          {result.firings.length === 0 ? (
            <p>{t('tester.none')}</p>
          ) : (
            <ul>
              {result.firings.map((f) => (
                <li key={f.ruleId}>
                  <strong>{f.name}</strong>: {f.would.map((w) => w.summary).join('; ')}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
