import { acknowledgement, guessLanguage } from './acknowledgement-templates';

describe('acknowledgement', () => {
  it('tells a Polish customer their number, with the token that keeps the answer on the ticket', () => {
    const ack = acknowledgement('pl', { number: 1042, subject: 'Reklamacja pralki' });
    expect(ack.subject).toBe('Otrzymaliśmy Twoje zgłoszenie [#1042]: Reklamacja pralki');
    expect(ack.text).toContain('zgłoszenie nr 1042');
    expect(ack.text).toMatch(/^Dzień dobry,/);
  });

  it('has an English version, and no dangling colon without a subject', () => {
    const ack = acknowledgement('en', { number: 7, subject: null });
    expect(ack.subject).toBe('We have your request [#7]');
    expect(ack.text).toContain('request #7');
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
