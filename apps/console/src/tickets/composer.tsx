import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { addNote, replyTo } from '../api/agent-api';
import { ApiError, api, newIdempotencyKey } from '../api/client';
import { CHANNELS, type Channel, type TicketDetail } from '../api/types';
import { useI18n } from '../i18n/i18n';

/** How often "the agent is typing" is sent while they type on a chat (the widget shows it for a few seconds). */
const TYPING_SIGNAL_MS = 2000;
const draftKey = (number: number) => `threadline.draft.${number}`;

/** A reply on the customer's channel (or another), or an internal note. The draft survives a reload or an expired login. */
export function Composer({ ticket }: { ticket: TicketDetail }) {
  const { t, tv } = useI18n();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [channel, setChannel] = useState<Channel>(ticket.replyChannel);
  const [text, setText] = useState(() => localStorage.getItem(draftKey(ticket.number)) ?? '');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const lastTyping = useRef(0);

  useEffect(() => {
    if (text) localStorage.setItem(draftKey(ticket.number), text);
    else localStorage.removeItem(draftKey(ticket.number));
  }, [text, ticket.number]);

  const onType = (value: string) => {
    setText(value);
    const now = Date.now();
    if (mode === 'reply' && channel === 'chat' && now - lastTyping.current >= TYPING_SIGNAL_MS) {
      lastTyping.current = now;
      void api(`/tickets/${ticket.number}/typing`, { method: 'POST' }).catch(() => undefined);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setMessage(null);
    try {
      const headers = { 'Idempotency-Key': newIdempotencyKey() };
      if (mode === 'reply') await replyTo(ticket.number, { text, channel }, headers);
      else await addNote(ticket.number, { text }, headers);
      setText('');
      setMessage(t('composer.sent'));
      await queryClient.invalidateQueries({ queryKey: ['ticket', ticket.number] });
    } catch (error) {
      setMessage(
        error instanceof ApiError && error.code === 'NO_ADDRESS_FOR_CHANNEL'
          ? t('composer.noAddress')
          : t('app.error', { message: error instanceof Error ? error.message : String(error) }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={`composer card composer-${mode}`} onSubmit={submit} aria-labelledby="composer-title">
      <h2 id="composer-title">{t('composer.title')}</h2>
      <fieldset className="modes">
        <legend>{t('composer.mode')}</legend>
        <label className="inline">
          <input
            type="radio"
            name="mode"
            data-shortcut="mode-reply"
            checked={mode === 'reply'}
            onChange={() => setMode('reply')}
          />
          {t('composer.reply')}
        </label>
        <label className="inline">
          <input type="radio" name="mode" data-shortcut="mode-note" checked={mode === 'note'} onChange={() => setMode('note')} />
          {t('composer.note')}
        </label>
      </fieldset>
      {mode === 'reply' && (
        <label>
          {t('composer.channel')}
          <select name="channel" value={channel} onChange={(e) => setChannel(e.target.value as Channel)}>
            {CHANNELS.filter((c) => c !== 'voice').map((c) => (
              <option key={c} value={c}>
                {tv('channel', c)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('composer.text')}
        <textarea
          name="text"
          data-shortcut="text"
          rows={5}
          value={text}
          placeholder={mode === 'note' ? t('composer.notePlaceholder') : undefined}
          onChange={(e) => onType(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
      </label>
      <button type="submit" className="primary" disabled={busy || !text.trim()}>
        {busy ? t('composer.sending') : mode === 'reply' ? t('composer.send') : t('composer.addNote')}
      </button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
