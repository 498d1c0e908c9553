import { freshCall, type CallDoc } from './call.repository';
import { callToContact } from './call-summary';

const call = (overrides: Partial<CallDoc> = {}): CallDoc & { from: string } => ({
  ...freshCall(
    { _id: 'CA' + 'a'.repeat(32), workspaceId: 'ws-1', from: null, to: '+48221234567', status: 'completed' },
    new Date('2026-12-01T10:00:00Z'),
  ),
  ended: true,
  endedAt: new Date('2026-12-01T10:05:00Z'),
  durationSeconds: 300,
  ...overrides,
  from: '+48600100200',
});

describe('callToContact', () => {
  it('summarises an answered call in Polish with its facts', () => {
    const contact = callToContact(
      call({ queue: 'reklamacje', queueState: 'taken', waitSeconds: 35, answered: true, talkSeconds: 250 }),
      'complaints',
    );
    expect(contact).toMatchObject({
      channel: 'voice',
      providerMessageId: 'CA' + 'a'.repeat(32),
      from: [{ kind: 'phone', value: '+48600100200' }],
      recipient: '+48221234567',
      queue: 'complaints',
      text: 'Połączenie: odebrane, kolejka reklamacje, czekanie 35 s, rozmowa 4 min 10 s',
      attachments: [],
      receivedAt: '2026-12-01T10:05:00.000Z',
      call: {
        outcome: 'answered',
        queue: 'reklamacje',
        waitSeconds: 35,
        talkSeconds: 250,
        durationSeconds: 300,
        recordingUrl: null,
      },
    });
  });

  it('summarises a caller who gave up waiting', () => {
    expect(callToContact(call({ queue: 'reklamacje', queueState: 'left', waitSeconds: 65 }), null).text).toBe(
      'Połączenie: nieodebrane, rozłączone w kolejce, kolejka reklamacje, czekanie 1 min 5 s',
    );
  });

  it('records a caller who asked to be called back after the maximum wait', () => {
    const contact = callToContact(
      call({ queue: 'reklamacje', queueState: 'left', waitSeconds: 300, callbackRequested: true }),
      'complaints',
    );
    expect(contact.text).toBe('Prośba o oddzwonienie na +48600100200, kolejka reklamacje, czekanie 5 min');
    expect(contact).toMatchObject({ queue: 'complaints', call: { outcome: 'callback', queue: 'reklamacje', waitSeconds: 300 } });
  });

  it('attaches the voicemail recording as a reference', () => {
    const url = 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1';
    const contact = callToContact(
      call({ voicemail: { reason: 'holiday', holiday: 'Boże Ciało' }, recording: { sid: 'RE1', url, durationSeconds: 42 } }),
      null,
    );
    expect(contact.text).toBe('Poczta głosowa (nagranie 42 s), dzień wolny (Boże Ciało)');
    expect(contact.attachments).toEqual([{ ref: url, filename: 'RE1.wav', contentType: 'audio/wav', size: 0, inline: false }]);
    expect(contact.call).toMatchObject({ outcome: 'voicemail', recordingUrl: url, recordingSeconds: 42 });
  });

  it('says when nothing came of the call', () => {
    expect(callToContact(call(), null).text).toBe('Połączenie: rozłączone przed wyborem w menu');
    expect(callToContact(call({ voicemail: { reason: 'closed', holiday: null }, recordingSettled: true }), null).text).toBe(
      'Połączenie: bez wiadomości na poczcie głosowej',
    );
  });

  it('counts a taken call as answered when the end of the dial was not reported before the call ended', () => {
    const contact = callToContact(
      call({
        queue: 'reklamacje',
        queueState: 'taken',
        takenBy: 'agent-ola',
        takenAt: new Date('2026-12-01T10:01:00Z'),
        waitSeconds: 40,
      }),
      null,
    );
    expect(contact.text).toBe('Połączenie: odebrane, kolejka reklamacje, czekanie 40 s, rozmowa 4 min');
  });
});
