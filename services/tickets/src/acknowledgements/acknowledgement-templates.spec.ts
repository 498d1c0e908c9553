import { acknowledgement, guessLanguage } from './acknowledgement-templates';

const builtIn = { templates: {} };

describe('acknowledgement', () => {
  it('tells a Polish customer their number by e-mail, with the token that keeps the answer on the ticket', () => {
    const ack = acknowledgement(builtIn, 'pl', 'email', { number: 1042, subject: 'Reklamacja pralki' });
    expect(ack.subject).toBe('Otrzymaliśmy Twoje zgłoszenie [#1042]: Reklamacja pralki');
    expect(ack.text).toContain('zgłoszenie nr 1042');
    expect(ack.text).toMatch(/^Dzień dobry,/);
  });

  it('has an English version, and no dangling colon without a subject', () => {
    const ack = acknowledgement(builtIn, 'en', 'email', { number: 7, subject: null });
    expect(ack.subject).toBe('We have your request [#7]');
    expect(ack.text).toContain('request #7');
  });

  it('is the short text without a subject on SMS, Messenger, Slack and chat', () => {
    const ack = acknowledgement(builtIn, 'pl', 'sms', { number: 12, subject: null });
    expect(ack.subject).toBeNull();
    expect(ack.text).toBe(
      'Dziękujemy za wiadomość. Zarejestrowaliśmy ją jako zgłoszenie nr 12 i odpowiemy najszybciej, jak to możliwe.',
    );
  });

  it("uses the workspace's own texts for a language it wrote, the built-in ones for the other", () => {
    const own = {
      templates: {
        pl: {
          subject: 'Zgłoszenie [#{{number}}] przyjęte',
          text: 'Numer: {{number}} ({{subject}})',
          shortText: 'Żółw #{{number}}',
        },
      },
    };
    expect(acknowledgement(own, 'pl', 'email', { number: 5, subject: 'Faktura' })).toEqual({
      subject: 'Zgłoszenie [#5] przyjęte',
      text: 'Numer: 5 (Faktura)',
    });
    expect(acknowledgement(own, 'pl', 'messenger', { number: 5, subject: null }).text).toBe('Żółw #5');
    expect(acknowledgement(own, 'en', 'chat', { number: 5, subject: null }).text).toContain('request #5');
  });
});

describe('guessLanguage', () => {
  it.each([
    ['Dzień dobry, paczka nie dotarła.', 'pl'],
    ['Witam, prosze o fakture', 'pl'],
    ['Hello, my order has not arrived. Thanks', 'en'],
    ['12345', 'pl'],
  ])('%s → %s', (text, language) => {
    expect(guessLanguage(text, 'pl')).toBe(language);
  });

  it('falls back to the workspace default when the text says nothing', () => {
    expect(guessLanguage('OK', 'en')).toBe('en');
  });
});
