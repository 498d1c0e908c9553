import { useState, type ComponentType, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { CalendarAdmin } from '../admin/calendar-admin';
import { MailboxesAdmin } from '../admin/mailboxes-admin';
import { NumbersAdmin } from '../admin/numbers-admin';
import { RulesAdmin } from '../admin/rules-admin';
import { SlaAdmin } from '../admin/sla-admin';
import { MessengerPagesAdmin, SlackTeamsAdmin } from '../admin/social-admin';
import { api } from '../api/client';
import { CHANNELS, type Channel } from '../api/types';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/translate';
import { LoadError } from '../ui/query-state';

/** One admin screen: the records of an admin API, read as the platform holds them and changed through it (audited). */
interface AdminList {
  path: string;
  title: MessageKey;
  editor: ComponentType;
}

const ADMIN_LISTS: AdminList[] = [
  { path: 'mailboxes', title: 'admin.mailboxes', editor: MailboxesAdmin },
  { path: 'numbers', title: 'admin.numbers', editor: NumbersAdmin },
  { path: 'messenger', title: 'admin.messenger', editor: MessengerPagesAdmin },
  { path: 'slack', title: 'admin.slack', editor: SlackTeamsAdmin },
  { path: 'rules', title: 'admin.rules', editor: RulesAdmin },
  { path: 'sla', title: 'admin.sla', editor: SlaAdmin },
  { path: 'calendar', title: 'admin.calendar', editor: CalendarAdmin },
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
      <list.editor />
      {list.path === 'rules' && <RuleTester />}
    </section>
  );
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
