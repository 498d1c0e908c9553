import { newTextOf } from './reply-text';

describe('newTextOf', () => {
  it('drops what a Polish Gmail reply quotes', () => {
    const text =
      'Dziękuję, buty już wysłałam.\n\nPozdrawiam\nZofia\n\nW dniu 20.11.2026 o 10:00, BOK <bok@firma.pl> napisał(a):\n> Prosimy odesłać buty.';
    expect(newTextOf(text)).toBe('Dziękuję, buty już wysłałam.\n\nPozdrawiam\nZofia');
  });
  it('drops a Polish Outlook header block and what follows', () => {
    const text =
      'Zgadzam się.\n\nOd: BOK <bok@firma.pl>\nWysłano: poniedziałek, 20 listopada 2026 10:00\nDo: Zofia\nTemat: Re: Zwrot\n\nProsimy odesłać buty.';
    expect(newTextOf(text)).toBe('Zgadzam się.');
  });
  it('drops English quotes and Outlook’s original-message block', () => {
    expect(newTextOf('Thanks!\n\nOn Mon, Nov 20, 2026 at 10:00 AM BOK <bok@firma.pl> wrote:\n> Please send')).toBe('Thanks!');
    expect(newTextOf('Ok\n\n-----Original Message-----\nFrom: BOK\nSent: Monday\n\nold')).toBe('Ok');
    expect(newTextOf('Dobrze\n\n---------- Wiadomość oryginalna ----------\nOd: BOK\n\nstara treść')).toBe('Dobrze');
  });
  it('says null when nothing is quoted', () => {
    expect(newTextOf('Dzień dobry,\nproszę o fakturę.\n\nJan')).toBeNull();
  });
});
