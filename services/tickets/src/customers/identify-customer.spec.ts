import { NoUsableIdentityError, usableIdentities } from './identify-customer';

describe('usableIdentities', () => {
  it('normalises and dedupes what the channel sent', () => {
    expect(
      usableIdentities([
        { kind: 'email', value: ' Anna@Example.PL ' },
        { kind: 'email', value: 'anna@example.pl' },
        { kind: 'phone', value: '+48 600 100 200' },
      ]),
    ).toEqual([
      { kind: 'email', value: 'anna@example.pl' },
      { kind: 'phone', value: '+48600100200' },
    ]);
  });
  it('drops an invalid identity but refuses a contact with none left', () => {
    expect(
      usableIdentities([
        { kind: 'phone', value: '+4812' },
        { kind: 'chat', value: 'v1' },
      ]),
    ).toEqual([{ kind: 'chat', value: 'v1' }]);
    expect(() => usableIdentities([{ kind: 'phone', value: '+4812' }])).toThrow(NoUsableIdentityError);
  });
});
