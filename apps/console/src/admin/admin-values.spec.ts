import { numberOrText, splitList } from './admin-values';

describe('admin field values', () => {
  it('splits a comma-separated list, dropping blanks', () => {
    expect(splitList(' reklamacje@firma.pl, ,faktury@firma.pl ')).toEqual(['reklamacje@firma.pl', 'faktury@firma.pl']);
    expect(splitList('')).toEqual([]);
  });

  it('sends digits as a number and anything else as typed, for the API to refuse beside the field', () => {
    expect(numberOrText(' 993 ')).toBe(993);
    expect(numberOrText('imap')).toBe('imap');
    expect(numberOrText('')).toBe('');
  });
});
