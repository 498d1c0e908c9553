import { useState } from 'react';
import { ApiError, api } from '../api/client';
import { fieldErrorsOf } from '../forms/field-errors';
import { FormField } from '../forms/form-field';
import { formatDateTime } from '../i18n/dates';
import { useI18n } from '../i18n/i18n';
import { LoadError, Loading } from '../ui/query-state';
import { minutes, useCallOffer, useVoiceBoard, voiceIsOff, type CallOffer } from '../voice/voice-board';

/** The queue board's refresh: a caller who starts waiting shows within this. */
const REFRESH_MS = 3000;
/** How often the agent's offer is asked for: an offer lasts ROUTING_CALL_OFFER_SECONDS (20 s by default). */
const OFFER_REFRESH_MS = 2000;
/** The phone the agent takes calls on, remembered in this browser (empty: their Twilio Client). */
const PHONE_KEY = 'threadline.callPhone';

interface TakenCall {
  callSid: string;
  from: string;
  queue: string;
  waitSeconds: number;
  connectTo: string;
}

type Outcome = { kind: 'taken'; call: TakenCall } | { kind: 'nobody'; queue: string } | { kind: 'failed'; message: string };

/**
 * Every agent: the call queues, and "take the next caller" — channel-voice hands
 * the longest-waiting caller of that queue to this agent's phone; and the caller
 * routing offers this agent, to accept or decline.
 */
export function CallsScreen() {
  const { t, language } = useI18n();
  const board = useVoiceBoard(REFRESH_MS);
  const [phone, setPhone] = useState(() => localStorage.getItem(PHONE_KEY) ?? '');
  const [phoneError, setPhoneError] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const offer = useCallOffer(OFFER_REFRESH_MS);

  /** A refusal names the phone (shown at the field) or is the outcome. */
  const refused = (error: unknown) => {
    const reasons = fieldErrorsOf(error, ['phone']);
    if (reasons.phone) setPhoneError(reasons.phone);
    else setOutcome({ kind: 'failed', message: error instanceof ApiError ? error.message : String(error) });
  };
  /** The phone a taken caller rings, when the agent gave one (else their presence's, or their browser). */
  const phoneBody = () => (phone.trim() ? { phone: phone.trim() } : {});

  const answerOffer = async (answer: 'accept' | 'decline') => {
    setBusy(answer);
    setPhoneError(undefined);
    setOutcome(null);
    try {
      const body = answer === 'accept' ? phoneBody() : {};
      const { data } = await api<{ call: TakenCall } | null>(`/voice/offer/${answer}`, { method: 'POST', body });
      if (data?.call) setOutcome({ kind: 'taken', call: data.call });
    } catch (error) {
      refused(error);
    } finally {
      setBusy(null);
      void offer.refetch();
      void board.refetch();
    }
  };

  const takeNext = async (queue: string) => {
    setBusy(queue);
    setPhoneError(undefined);
    setOutcome(null);
    localStorage.setItem(PHONE_KEY, phone.trim());
    try {
      const body = phoneBody();
      const { data } = await api<{ call: TakenCall | null }>(`/voice/queues/${encodeURIComponent(queue)}/next`, {
        method: 'POST',
        body,
      });
      setOutcome(data.call ? { kind: 'taken', call: data.call } : { kind: 'nobody', queue });
      void board.refetch();
    } catch (error) {
      refused(error);
    } finally {
      setBusy(null);
    }
  };

  let content;
  if (board.isPending) content = <Loading />;
  else if (board.isError)
    content = voiceIsOff(board.error) ? <p className="muted">{t('board.voiceOff')}</p> : <LoadError error={board.error} />;
  else
    content = (
      <div className="table-wrap">
        <table>
          <caption>{t('board.queuesAt', { at: formatDateTime(board.data.at, language) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('board.queue')}</th>
              <th scope="col">{t('board.waiting')}</th>
              <th scope="col">{t('board.longest')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('calls.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {board.data.queues.map((q) => (
              <tr key={q.queue}>
                <th scope="row">{q.queue}</th>
                <td data-waiting={q.queue}>{q.waiting}</td>
                <td>{minutes(q.longestWaitSeconds)}</td>
                <td>
                  <button
                    type="button"
                    className="primary"
                    disabled={busy !== null}
                    aria-label={t('calls.takeNextIn', { queue: q.queue })}
                    onClick={() => void takeNext(q.queue)}
                  >
                    {t('calls.takeNext')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );

  return (
    <section aria-labelledby="calls-title">
      <h1 id="calls-title">{t('calls.title')}</h1>
      <div className="card">
        <FormField label={t('calls.phone')} error={phoneError}>
          {(control) => (
            <input {...control} type="tel" value={phone} placeholder="600 700 800" onChange={(e) => setPhone(e.target.value)} />
          )}
        </FormField>
        <p className="muted">{t('calls.phoneHint')}</p>
      </div>
      {offer.data && <OfferCard offer={offer.data} busy={busy !== null} onAnswer={(answer) => void answerOffer(answer)} />}
      {content}
      <div role="status">
        {outcome?.kind === 'taken' && (
          <p>
            {t('calls.taken', {
              from: outcome.call.from,
              queue: outcome.call.queue,
              wait: minutes(outcome.call.waitSeconds),
              to: outcome.call.connectTo,
            })}
          </p>
        )}
        {outcome?.kind === 'nobody' && <p>{t('calls.nobody', { queue: outcome.queue })}</p>}
        {outcome?.kind === 'failed' && <p className="error">{t('app.error', { message: outcome.message })}</p>}
      </div>
    </section>
  );
}

/** The caller offered to this agent, with Accept and Decline. */
function OfferCard({
  offer,
  busy,
  onAnswer,
}: {
  offer: CallOffer;
  busy: boolean;
  onAnswer: (answer: 'accept' | 'decline') => void;
}) {
  const { t, language } = useI18n();
  return (
    <div className="card" role="alert" aria-labelledby="offer-title">
      <h2 id="offer-title">{t('calls.offerTitle')}</h2>
      <p>
        {t('calls.offer', {
          from: offer.from ?? t('calls.withheld'),
          queue: offer.queue,
          wait: minutes(offer.waitSeconds),
          until: formatDateTime(offer.expiresAt, language),
        })}
      </p>
      <button type="button" className="primary" disabled={busy} onClick={() => onAnswer('accept')}>
        {t('calls.accept')}
      </button>{' '}
      <button type="button" disabled={busy} onClick={() => onAnswer('decline')}>
        {t('calls.decline')}
      </button>
    </div>
  );
}
