import { keywordMatcher, stemOf, TextIndex } from './polish-text';

const finds = (text: string, keyword: string) => new TextIndex(text).contains(keywordMatcher(keyword));

describe('Polish keyword matching', () => {
  it.each(['reklamacja', 'reklamację', 'reklamacji', 'reklamacją', 'reklamacjami', 'REKLAMACJE', 'Reklamacjach'])(
    '"reklamacja" finds %s',
    (form) => {
      expect(finds(`Dzień dobry, składam ${form} na buty.`, 'reklamacja')).toBe(true);
    },
  );

  it('matches whatever form the admin wrote the keyword in, without diacritics or case', () => {
    expect(finds('Chcę złożyć reklamacje', 'Reklamację')).toBe(true);
    expect(finds('ZWROT PIENIĘDZY', 'zwrot pieniędzy')).toBe(true);
    expect(finds('proszę o zwrot pieniedzy', 'zwrotu pieniędzy')).toBe(true);
    expect(finds('Faktura jest błędna, w fakturze brakuje NIP', 'faktura')).toBe(true);
    expect(finds('Łódź, ul. Żółta', 'lodz')).toBe(true);
  });

  it('does not match other words that merely start alike, or a phrase whose words are apart', () => {
    expect(finds('reklama w telewizji', 'reklamacja')).toBe(false);
    expect(finds('rekla', 'reklamacja')).toBe(false);
    expect(finds('zwrot towaru i pieniędzy', 'zwrot pieniędzy')).toBe(false);
    expect(finds('kotlet', 'kot')).toBe(false);
    expect(finds('mam kota', 'kot')).toBe(false);
    expect(finds('kot', 'kot')).toBe(true);
  });

  it('cuts the inflection ending but keeps a stem of at least four letters', () => {
    expect(stemOf('reklamacja')).toBe('reklamacj');
    expect(stemOf('reklamacjami')).toBe('reklamacj');
    expect(stemOf('zwrot')).toBe('zwrot');
    expect(stemOf('buta')).toBe('buta');
  });
});
