import twilio from 'twilio';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { expectedWaitPhrase } from './polish-speech';
import type { CallSetup } from './call-setup';
import type { CallStep, HoldStep } from './ivr-decision';
import { VOICE_PATHS, type VoiceUrls } from './voice-urls';

/** Everything TwiML needs besides the step: how to speak, where Twilio calls back, the Twilio queue's name. */
export interface TwimlContext {
  setup: CallSetup;
  urls: VoiceUrls;
  /** Twilio queue names are per account: ours carry the workspace so two workspaces never share one. */
  twilioQueueName: (queue: string) => string;
}

type SayLanguage = NonNullable<VoiceResponse.SayAttributes['language']>;
type SayVoice = NonNullable<VoiceResponse.SayAttributes['voice']>;
type GatherLanguage = NonNullable<VoiceResponse.GatherAttributes['language']>;

function sayer(setup: CallSetup) {
  // Validated as a language tag in the config; Twilio's list of voices and languages changes faster than its typings.
  const attributes: VoiceResponse.SayAttributes = { language: setup.language as SayLanguage };
  if (setup.voice) attributes.voice = setup.voice as SayVoice;
  return attributes;
}

function addStep(response: VoiceResponse, step: CallStep, context: TwimlContext): void {
  const { setup, urls } = context;
  const say = sayer(setup);
  switch (step.kind) {
    case 'menu': {
      const menu = setup.menus[step.menu];
      const speech = menu.options.some((o) => o.speech.length > 0);
      const gather = response.gather({
        input: speech ? ['dtmf', 'speech'] : ['dtmf'],
        numDigits: 1,
        timeout: 5,
        action: urls.url(VOICE_PATHS.menu, { menu: step.menu, attempt: step.attempt }),
        method: 'POST',
        language: setup.language as GatherLanguage,
        ...(speech ? { hints: menu.options.flatMap((o) => o.speech).join(', '), speechTimeout: 'auto' } : {}),
      });
      if (step.retry) gather.say(say, 'Nie rozpoznaliśmy wyboru.');
      gather.say(say, menu.prompt);
      // No answer within the timeout: Twilio goes on to the next verb, which asks the menu again.
      response.redirect({ method: 'POST' }, urls.url(VOICE_PATHS.menu, { menu: step.menu, attempt: step.attempt }));
      return;
    }
    case 'queue':
      response.enqueue(
        {
          action: urls.url(VOICE_PATHS.queueResult, { queue: step.queue }),
          method: 'POST',
          waitUrl: urls.url(VOICE_PATHS.wait, { queue: step.queue }),
          waitUrlMethod: 'POST',
        },
        context.twilioQueueName(step.queue),
      );
      return;
    case 'message':
      response.say(say, step.text);
      response.hangup();
      return;
    case 'voicemail':
      response.say(say, step.prompt);
      response.record({
        action: urls.url(VOICE_PATHS.voicemailDone),
        method: 'POST',
        maxLength: setup.voicemailMaxSeconds,
        playBeep: true,
        finishOnKey: '#',
        recordingStatusCallback: urls.url(VOICE_PATHS.recording),
        recordingStatusCallbackMethod: 'POST',
        recordingStatusCallbackEvent: ['completed', 'absent'],
      });
      // Reached only when nothing was recorded (silence): Twilio then skips the action.
      response.say(say, 'Nie nagraliśmy wiadomości. Do widzenia.');
      response.hangup();
      return;
  }
}

/** The answer to a new call: the greeting (when open) and the first step. */
export function incomingCallTwiml(step: CallStep, context: TwimlContext): string {
  const response = new twilio.twiml.VoiceResponse();
  if (step.kind !== 'voicemail' || step.reason === 'chosen') response.say(sayer(context.setup), context.setup.greeting);
  addStep(response, step, context);
  return response.toString();
}

/** The answer to any later step of the IVR, optionally after a sentence of explanation. */
export function stepTwiml(step: CallStep, context: TwimlContext, before?: string): string {
  const response = new twilio.twiml.VoiceResponse();
  if (before) response.say(sayer(context.setup), before);
  addStep(response, step, context);
  return response.toString();
}

/** What a waiting caller hears each time Twilio fetches the wait URL (it repeats the TwiML when it ends). */
export function holdTwiml(step: HoldStep, holdMessage: string, setup: CallSetup): string {
  const response = new twilio.twiml.VoiceResponse();
  const say = sayer(setup);
  if (step.kind === 'offer-voicemail') {
    response.say(say, 'Niestety wszyscy konsultanci są nadal zajęci.');
    // <Record> is not allowed inside the wait URL: leaving the queue hands the call to the Enqueue action, which records.
    response.leave();
    return response.toString();
  }
  const expected =
    step.expectedSeconds === null ? '' : ` Przewidywany czas oczekiwania: ${expectedWaitPhrase(step.expectedSeconds)}.`;
  response.say(say, `Twoje miejsce w kolejce: ${step.position}.${expected}`);
  response.say(say, holdMessage);
  response.pause({ length: 10 });
  return response.toString();
}

/** After the maximum wait: a message or a call back, by key; no answer means a message. */
export function afterWaitChoiceTwiml(queue: string, context: TwimlContext): string {
  const response = new twilio.twiml.VoiceResponse();
  const say = sayer(context.setup);
  const action = context.urls.url(VOICE_PATHS.afterWait, { queue });
  const gather = response.gather({ input: ['dtmf'], numDigits: 1, timeout: 6, action, method: 'POST' });
  gather.say(say, 'Aby zostawić wiadomość, naciśnij 1. Abyśmy oddzwonili na numer, z którego dzwonisz, naciśnij 2.');
  response.redirect({ method: 'POST' }, action);
  return response.toString();
}

/** Takes the waiting caller out of the queue to the agent's phone or Twilio Client; the dial's end is reported to `action`. */
export function connectAgentTwiml(
  target: { kind: 'phone' | 'client'; value: string },
  callerId: string,
  action: string,
  setup: CallSetup,
): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(sayer(setup), 'Łączymy z konsultantem.');
  const dial = response.dial({ callerId, action, method: 'POST', timeout: 20 });
  if (target.kind === 'phone') dial.number(target.value);
  else dial.client(target.value);
  return response.toString();
}

/** Ends the call politely (nothing more to say). */
export function hangupTwiml(text?: string, language = 'pl-PL'): string {
  const response = new twilio.twiml.VoiceResponse();
  if (text) response.say({ language: language as SayLanguage }, text);
  response.hangup();
  return response.toString();
}
