import { parseTwilioForm } from '../twilio-webhooks/twilio-form';
import { readInboundSms, smsToContact } from './inbound-sms';

const SID = 'SM' + 'a'.repeat(32);
const base = {
  MessageSid: SID,
  SmsSid: SID,
  AccountSid: 'AC' + 'b'.repeat(32),
  From: '+48600100200',
  To: '+48221234567',
  Body: 'Zażółć gęślą jaźń 🙂',
  NumMedia: '0',
  NumSegments: '1',
  ApiVersion: '2010-04-01',
};

const form = (fields: Record<string, string>) => parseTwilioForm(new URLSearchParams(fields).toString());

describe('readInboundSms and smsToContact', () => {
  it('turns an SMS into a contact from the phone number, keeping Polish letters and emoji', () => {
    const sms = readInboundSms(form(base));
    const at = new Date('2026-12-01T10:00:00Z');
    expect(smsToContact({ ...sms, from: sms.from! }, at)).toEqual({
      channel: 'sms',
      providerMessageId: SID,
      from: [{ kind: 'phone', value: '+48600100200' }],
      recipient: '+48221234567',
      subject: null,
      text: 'Zażółć gęślą jaźń 🙂',
      html: null,
      attachments: [],
      thread: { inReplyTo: null, references: [], providerThreadId: null },
      receivedAt: '2026-12-01T10:00:00.000Z',
    });
  });

  it('references each MMS media by its Twilio URL and content type, without downloading', () => {
    const sms = readInboundSms(
      form({
        ...base,
        MessageSid: 'MM' + 'c'.repeat(32),
        NumMedia: '2',
        MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1',
        MediaContentType0: 'image/jpeg',
        MediaUrl1: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2',
        MediaContentType1: 'application/pdf',
      }),
    );
    expect(smsToContact({ ...sms, from: sms.from! }, new Date()).attachments).toEqual([
      { ref: expect.stringMatching(/ME1$/), filename: null, contentType: 'image/jpeg', size: 0, inline: false },
      { ref: expect.stringMatching(/ME2$/), filename: null, contentType: 'application/pdf', size: 0, inline: false },
    ]);
  });

  it('a sender that is no phone number (an alphanumeric id) has no usable identity', () => {
    expect(readInboundSms(form({ ...base, From: 'ALLEGRO' })).from).toBeNull();
  });

  it('refuses what is not Twilio’s incoming-message webhook', () => {
    expect(() => readInboundSms(form({ ...base, MessageSid: '' }))).toThrow(/MessageSid/);
    expect(() => readInboundSms(form({ ...base, NumMedia: '1' }))).toThrow(/MediaUrl0 missing/);
  });
});

describe('parseTwilioForm', () => {
  it('keeps every value of a repeated parameter and decodes UTF-8', () => {
    expect(parseTwilioForm(Buffer.from('a=1&a=2&b=%C5%BC%C3%B3%C5%82w'))).toEqual({ a: ['1', '2'], b: 'żółw' });
    expect(parseTwilioForm(undefined)).toEqual({});
  });
});
