import type { CallFacts, PayloadInputOf } from '@threadline/contracts';
import { shortDuration } from '../ivr/polish-speech';
import type { CallDoc } from './call.repository';

const seconds = (value: number | null | undefined) =>
  typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : null;

/** What the call came to: voicemail left, answered by an agent, given up in a queue, a message heard, or none of these. */
export function callFacts(call: CallDoc): CallFacts {
  // Taken and never handed back: the agent had the caller even if the dial's end was not reported (yet).
  const answered = call.answered || (call.takenBy !== null && call.queueState === 'taken');
  const talkSeconds =
    call.talkSeconds ??
    (answered && call.takenAt && call.endedAt ? (call.endedAt.getTime() - call.takenAt.getTime()) / 1000 : null);
  const outcome: CallFacts['outcome'] = call.recording
    ? 'voicemail'
    : call.callbackRequested
      ? 'callback'
      : answered
        ? 'answered'
        : call.queue
          ? 'abandoned'
          : call.messagePlayed
            ? 'message'
            : 'missed';
  return {
    outcome,
    queue: call.queue ?? null,
    waitSeconds: seconds(call.waitSeconds),
    talkSeconds: seconds(talkSeconds),
    durationSeconds: seconds(call.durationSeconds),
    recordingUrl: call.recording?.url ?? null,
    recordingSeconds: call.recording?.durationSeconds ?? null,
  };
}

/** A one-line Polish summary for the ticket's timeline. */
export function callSummary(call: CallDoc, facts: CallFacts = callFacts(call)): string {
  const parts: (string | null)[] = [];
  const queue = facts.queue ? `kolejka ${facts.queue}` : null;
  const wait = facts.waitSeconds !== null ? `czekanie ${shortDuration(facts.waitSeconds)}` : null;
  switch (facts.outcome) {
    case 'answered':
      parts.push(
        'Połączenie: odebrane',
        queue,
        wait,
        facts.talkSeconds !== null ? `rozmowa ${shortDuration(facts.talkSeconds)}` : null,
      );
      break;
    case 'abandoned':
      parts.push('Połączenie: nieodebrane, rozłączone w kolejce', queue, wait);
      break;
    case 'voicemail': {
      const why =
        call.voicemail?.reason === 'closed'
          ? 'poza godzinami pracy'
          : call.voicemail?.reason === 'holiday'
            ? `dzień wolny (${call.voicemail.holiday ?? 'święto'})`
            : call.voicemail?.reason === 'max-wait'
              ? 'po przekroczeniu czasu oczekiwania'
              : null;
      parts.push(`Poczta głosowa (nagranie ${shortDuration(facts.recordingSeconds ?? 0)})`, why, queue, wait);
      break;
    }
    case 'callback':
      parts.push(`Prośba o oddzwonienie na ${call.from ?? 'numer dzwoniącego'}`, queue, wait);
      break;
    case 'message':
      parts.push('Połączenie: odsłuchany komunikat');
      break;
    case 'missed':
      parts.push(
        call.voicemail ? 'Połączenie: bez wiadomości na poczcie głosowej' : 'Połączenie: rozłączone przed wyborem w menu',
      );
      break;
  }
  return parts.filter((p): p is string => p !== null).join(', ');
}

type ContactInput = PayloadInputOf<'contact.received.v1'>;

/** The contact a finished call becomes; the recording stays at Twilio and travels as a reference. */
export function callToContact(call: CallDoc & { from: string }, ticketQueue: string | null): ContactInput {
  const facts = callFacts(call);
  return {
    channel: 'voice',
    providerMessageId: call._id,
    from: [{ kind: 'phone', value: call.from }],
    recipient: call.to,
    queue: ticketQueue,
    subject: null,
    text: callSummary(call, facts),
    html: null,
    attachments: call.recording
      ? [{ ref: call.recording.url, filename: `${call.recording.sid}.wav`, contentType: 'audio/wav', size: 0, inline: false }]
      : [],
    thread: { inReplyTo: null, references: [], providerThreadId: null },
    receivedAt: (call.endedAt ?? call.startedAt).toISOString(),
    call: facts,
  };
}
