import { ERASED_TEXT } from '@threadline/contracts';
import { contactTokens } from './contact-tokens';

it('brings the inflected forms of a Polish word to one token, without case or diacritics', () => {
  const forms = ['Reklamacja', 'reklamację', 'REKLAMACJI', 'reklamacją'].map((w) => contactTokens(w));
  expect(new Set(forms.flat())).toEqual(new Set(forms[0]));
  expect(contactTokens('faktura')).toEqual(contactTokens('fakturze'));
  expect(contactTokens('Żółta łódź')).toEqual(['zolt', 'lodz']);
});

it('keeps no number, address or greeting: they name a case or a person, never a reason', () => {
  expect(
    contactTokens('Dzień dobry, zamówienie 12345/2026, tel. +48 601 222 333, jan.kowalski@example.pl, PESEL 90010112345'),
  ).toEqual(['zamowi', 'tel', 'pesel']);
});

it('learns nothing from an erased text', () => {
  expect(contactTokens(ERASED_TEXT, null, ERASED_TEXT)).toEqual([]);
});
