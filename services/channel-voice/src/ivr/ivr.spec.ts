import { callSetupSchema } from './call-setup';
import { connectAgentTwiml, holdTwiml, incomingCallTwiml, stepTwiml, type TwimlContext } from './call-twiml';
import { answerIncoming, chooseOption, holdStep } from './ivr-decision';
import { expectedWaitPhrase, shortDuration } from './polish-speech';
import { VoiceUrls } from './voice-urls';

const setup = callSetupSchema.parse({
  greeting: 'Dzień dobry, tu sklep Żółw.',
  menus: {
    main: {
      prompt: 'Reklamacje: naciśnij 1. Zamówienia: naciśnij 2. Godziny otwarcia: 3. Inne sprawy: 9.',
      options: [
        { digit: '1', speech: ['reklamacja', 'reklamacje'], action: { type: 'queue', queue: 'reklamacje' } },
        { digit: '2', speech: ['zamówienie'], action: { type: 'menu', menu: 'zamowienia' } },
        { digit: '3', action: { type: 'message', text: 'Pracujemy od poniedziałku do piątku, od 8 do 16.' } },
        { digit: '9', action: { type: 'voicemail' } },
      ],
    },
    zamowienia: {
      prompt: 'Status zamówienia: 1.',
      options: [{ digit: '1', action: { type: 'queue', queue: 'zamowienia' } }],
      attempts: 1,
      fallback: { type: 'queue', queue: 'zamowienia' },
    },
  },
  queues: { reklamacje: { maxWaitSeconds: 120 }, zamowienia: {} },
  hours: { open: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' }] },
});
const context: TwimlContext = {
  setup,
  urls: new VoiceUrls('https://voice.example.pl'),
  twilioQueueName: (queue) => `tl-ws-${queue}`,
};

describe('call setup', () => {
  it('refuses menus that lead nowhere', () => {
    const result = callSetupSchema.safeParse({
      menus: { main: { prompt: 'x', options: [{ digit: '1', action: { type: 'queue', queue: 'brak' } }] } },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe('no queue "brak"');
  });

  it('defaults to a Polish line with one queue, always open', () => {
    const plain = callSetupSchema.parse({});
    expect(plain.language).toBe('pl-PL');
    expect(plain.hours).toBeNull();
    expect(answerIncoming(plain, { open: true })).toEqual({ kind: 'queue', queue: 'ogolna' });
  });
});

describe('IVR decisions', () => {
  it('greets with the main menu when open, voicemail when closed or on a holiday', () => {
    expect(answerIncoming(setup, { open: true })).toEqual({ kind: 'menu', menu: 'main', attempt: 1, retry: false });
    expect(answerIncoming(setup, { open: false, reason: 'outside-hours' })).toMatchObject({
      kind: 'voicemail',
      reason: 'closed',
    });
    expect(answerIncoming(setup, { open: false, reason: 'holiday', holiday: 'Boże Ciało' })).toMatchObject({
      kind: 'voicemail',
      reason: 'holiday',
      prompt: setup.holidayMessage,
    });
  });

  it('follows keys and Polish words (without caring about case or diacritics)', () => {
    expect(chooseOption(setup, 'main', 1, { digits: '1' })).toEqual({ kind: 'queue', queue: 'reklamacje' });
    expect(chooseOption(setup, 'main', 1, { speech: 'Chciałbym złożyć REKLAMACJĘ' })).toEqual({
      kind: 'queue',
      queue: 'reklamacje',
    });
    expect(chooseOption(setup, 'main', 1, { speech: 'zamowienie' })).toEqual({
      kind: 'menu',
      menu: 'zamowienia',
      attempt: 1,
      retry: false,
    });
    expect(chooseOption(setup, 'main', 1, { digits: '3' })).toMatchObject({ kind: 'message' });
    expect(chooseOption(setup, 'main', 1, { digits: '9' })).toEqual({
      kind: 'voicemail',
      prompt: setup.voicemailPrompt,
      reason: 'chosen',
    });
  });

  it('asks again on a wrong key or silence, then runs the fallback', () => {
    expect(chooseOption(setup, 'main', 1, { digits: '7' })).toEqual({ kind: 'menu', menu: 'main', attempt: 2, retry: true });
    expect(chooseOption(setup, 'main', 2, {})).toEqual({ kind: 'voicemail', prompt: setup.voicemailPrompt, reason: 'chosen' });
    expect(chooseOption(setup, 'zamowienia', 1, {})).toEqual({ kind: 'queue', queue: 'zamowienia' });
  });

  it('holds a caller until the maximum wait, then offers voicemail', () => {
    expect(holdStep(120, { position: 3, queueTime: 20, avgQueueTime: 200 })).toEqual({
      kind: 'hold',
      position: 3,
      expectedSeconds: 180,
    });
    expect(holdStep(120, { position: 1, queueTime: 5, avgQueueTime: 0 })).toEqual({
      kind: 'hold',
      position: 1,
      expectedSeconds: null,
    });
    expect(holdStep(120, { position: 1, queueTime: 120, avgQueueTime: 60 })).toEqual({ kind: 'offer-voicemail' });
  });
});

describe('TwiML', () => {
  it('greets and gathers a key or speech in Polish, asking again when nothing comes', () => {
    const xml = incomingCallTwiml(answerIncoming(setup, { open: true }), context);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Say language="pl-PL">Dzień dobry, tu sklep Żółw.</Say>' +
        '<Gather input="dtmf speech" numDigits="1" timeout="5" action="https://voice.example.pl/webhooks/twilio/voice/menu?menu=main&amp;attempt=1" method="POST" language="pl-PL" hints="reklamacja, reklamacje, zamówienie" speechTimeout="auto">' +
        `<Say language="pl-PL">${setup.menus.main.prompt}</Say></Gather>` +
        '<Redirect method="POST">https://voice.example.pl/webhooks/twilio/voice/menu?menu=main&amp;attempt=1</Redirect>' +
        '</Response>',
    );
  });

  it('enqueues with our wait URL and action', () => {
    expect(stepTwiml({ kind: 'queue', queue: 'reklamacje' }, context)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Enqueue action="https://voice.example.pl/webhooks/twilio/voice/queue-result?queue=reklamacje" method="POST" waitUrl="https://voice.example.pl/webhooks/twilio/voice/wait?queue=reklamacje" waitUrlMethod="POST">tl-ws-reklamacje</Enqueue>' +
        '</Response>',
    );
  });

  it('records voicemail with a recording status callback, without a greeting when closed', () => {
    const xml = incomingCallTwiml(answerIncoming(setup, { open: false, reason: 'outside-hours' }), context);
    expect(xml).not.toContain(setup.greeting);
    expect(xml).toContain(`<Say language="pl-PL">${setup.closedMessage}</Say>`);
    expect(xml).toContain(
      '<Record action="https://voice.example.pl/webhooks/twilio/voice/voicemail-done" method="POST" maxLength="120" playBeep="true" finishOnKey="#" ' +
        'recordingStatusCallback="https://voice.example.pl/webhooks/twilio/voice/recording" recordingStatusCallbackMethod="POST" recordingStatusCallbackEvent="completed absent"/>',
    );
  });

  it('tells the waiting caller the position and expected wait, then leaves for voicemail', () => {
    expect(holdTwiml({ kind: 'hold', position: 2, expectedSeconds: 150 }, 'Prosimy czekać.', setup)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Say language="pl-PL">Twoje miejsce w kolejce: 2. Przewidywany czas oczekiwania: około 3 minut.</Say>' +
        '<Say language="pl-PL">Prosimy czekać.</Say><Pause length="10"/></Response>',
    );
    expect(holdTwiml({ kind: 'offer-voicemail' }, 'x', setup)).toContain('<Leave/>');
  });

  it('dials the agent from our number, reporting the end to dial-done', () => {
    expect(connectAgentTwiml({ kind: 'phone', value: '+48600100200' }, '+48221234567', 'https://v/dial-done', setup)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="pl-PL">Łączymy z konsultantem.</Say>' +
        '<Dial callerId="+48221234567" action="https://v/dial-done" method="POST" timeout="20"><Number>+48600100200</Number></Dial></Response>',
    );
    expect(connectAgentTwiml({ kind: 'client', value: 'agent-ola' }, '+48221234567', 'https://v/d', setup)).toContain(
      '<Client>agent-ola</Client>',
    );
  });
});

describe('Polish wording', () => {
  it('says minutes and short durations', () => {
    expect(expectedWaitPhrase(40)).toBe('około 1 minuty');
    expect(expectedWaitPhrase(300)).toBe('około 5 minut');
    expect(shortDuration(35)).toBe('35 s');
    expect(shortDuration(250)).toBe('4 min 10 s');
    expect(shortDuration(120)).toBe('2 min');
    expect(shortDuration(3720)).toBe('1 h 2 min');
  });
});
