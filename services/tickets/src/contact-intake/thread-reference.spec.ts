import { displayNameOf, ticketNumberFromSubject } from './thread-reference';

describe('ticketNumberFromSubject', () => {
  it('finds our [#N] token anywhere in the subject', () => {
    expect(ticketNumberFromSubject('Re: Odp: Reklamacja [#1042] brak paczki')).toBe(1042);
  });
  it('ignores subjects without a token or with a malformed one', () => {
    expect(ticketNumberFromSubject('Zamówienie #1042')).toBeNull();
    expect(ticketNumberFromSubject('[#0]')).toBeNull();
    expect(ticketNumberFromSubject(null)).toBeNull();
  });
});

describe('displayNameOf', () => {
  it('takes the first non-empty display name', () => {
    expect(
      displayNameOf([
        { kind: 'email', displayName: '  ' },
        { kind: 'email', displayName: 'Łucja Żak' },
      ]),
    ).toBe('Łucja Żak');
    expect(displayNameOf([{ kind: 'phone' }])).toBeNull();
  });
});
