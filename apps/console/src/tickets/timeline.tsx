import { useState } from 'react';
import type { TimelineEntry } from '../api/types';
import { formatDateTime } from '../i18n/dates';
import { useI18n } from '../i18n/i18n';
import { Attachments, isRecording } from './attachments';
import { showValue } from './ticket-change';

/** Channels whose messages are short lines of a conversation: shown as bubbles, not as letters. */
const BUBBLE_CHANNELS = new Set(['chat', 'messenger', 'sms', 'slack']);

function useAuthor() {
  const { t } = useI18n();
  return (entry: TimelineEntry, myId: string) => {
    if (entry.authorId === myId) return t('entry.me');
    if (entry.authorId) return t('entry.agent');
    if (entry.kind === 'message' && entry.direction === 'inbound') return entry.from?.[0]?.value ?? t('entry.customer');
    return entry.actorKind === 'customer' ? t('entry.customer') : t('entry.system');
  };
}

/** A mail's body: its text by default; its HTML only on request, sanitized (no scripts, handlers or forms). */
function MailBody({ entry }: { entry: TimelineEntry }) {
  const { t } = useI18n();
  const [html, setHtml] = useState<string | null>(null);
  const showHtml = async () => {
    const { default: purify } = await import('dompurify');
    setHtml(purify.sanitize(entry.html ?? '', { FORBID_TAGS: ['style', 'form', 'input'], FORBID_ATTR: ['style'] }));
  };
  return (
    <>
      {html === null ? (
        <p className="text">{entry.newText ?? entry.text}</p>
      ) : (
        <div className="mail-html" dangerouslySetInnerHTML={{ __html: html }} />
      )}
      {entry.html && (
        <button type="button" className="link" onClick={() => (html === null ? void showHtml() : setHtml(null))}>
          {html === null ? t('entry.showHtml') : t('entry.showText')}
        </button>
      )}
    </>
  );
}

/** A phone call: its one-line summary and, when the caller left one, the recording. */
function Call({ entry, author }: { entry: TimelineEntry; author: string }) {
  const { t, language } = useI18n();
  const recording = (entry.attachments ?? []).find(isRecording);
  return (
    <article className="call" data-entry={entry.id} data-kind="call">
      <header>
        <strong>{t(entry.direction === 'outbound' ? 'entry.callOut' : 'entry.callIn')}</strong> · {author} ·{' '}
        <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt, language)}</time>
      </header>
      <p className="text">{entry.text}</p>
      {recording && (
        <p>
          <a href={recording.ref} target="_blank" rel="noopener noreferrer">
            {t('entry.recording')}
          </a>
        </p>
      )}
      <Attachments entry={entry} />
    </article>
  );
}

function Message({ entry, author }: { entry: TimelineEntry; author: string }) {
  const { t, tv, language } = useI18n();
  const bubble = BUBBLE_CHANNELS.has(entry.channel ?? '');
  const side = entry.direction === 'outbound' ? 'out' : 'in';
  return (
    <article className={bubble ? `bubble bubble-${side}` : `mail mail-${side}`} data-entry={entry.id} data-kind="message">
      <header>
        <strong>{author}</strong> · {tv('channel', entry.channel ?? '')} ·{' '}
        <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt, language)}</time>
        {entry.automatic && <> · {t('entry.automatic')}</>}
        {entry.delivery && <> · {tv('delivery', entry.delivery.status)}</>}
      </header>
      {!bubble && entry.subject && <p className="subject">{entry.subject}</p>}
      {bubble ? <p className="text">{entry.text}</p> : <MailBody entry={entry} />}
      <Attachments entry={entry} />
    </article>
  );
}

function Change({ entry, author }: { entry: TimelineEntry; author: string }) {
  const { t, tv, language } = useI18n();
  const shown = (field: string, value: unknown) =>
    field === 'status' || field === 'priority' ? tv(field, String(value)) : showValue(value);
  const lines = Object.entries(entry.changes ?? {}).map(([field, { from, to }]) =>
    t('entry.changed', { who: author, field: tv('field', field), from: shown(field, from), to: shown(field, to) }),
  );
  if (!lines.length && entry.action) lines.push(t('entry.changeAction', { who: author, action: entry.action }));
  return (
    <p className="change" data-entry={entry.id} data-kind="change">
      <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt, language)}</time> {lines.join('; ')}
    </p>
  );
}

/** The customer's whole history on this ticket, oldest first: letters, bubbles, notes and changes. */
export function Timeline({ entries, myId }: { entries: TimelineEntry[]; myId: string }) {
  const { t, language } = useI18n();
  const authorOf = useAuthor();
  return (
    <ol className="timeline">
      {entries.map((entry) => (
        <li key={entry.id}>
          {entry.kind === 'message' && entry.channel === 'voice' ? (
            <Call entry={entry} author={authorOf(entry, myId)} />
          ) : entry.kind === 'message' ? (
            <Message entry={entry} author={authorOf(entry, myId)} />
          ) : entry.kind === 'note' ? (
            <article className="note" data-entry={entry.id} data-kind="note">
              <header>
                <strong>{t('entry.note')}</strong> · {authorOf(entry, myId)} ·{' '}
                <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt, language)}</time>
              </header>
              <p className="text">{entry.text}</p>
            </article>
          ) : (
            <Change entry={entry} author={authorOf(entry, myId)} />
          )}
        </li>
      ))}
    </ol>
  );
}
