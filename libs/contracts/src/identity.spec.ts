import { identitySchema } from './events/contact-received.v1';
import { identityMatchKey, InvalidIdentityError, normalizeEmail, normalizeIdentity, normalizePhone } from './identity';

describe('normalizePhone', () => {
  it('turns the ways Poles write a mobile number into one E.164 number', () => {
    for (const written of ['600 100 200', '600-100-200', '+48 600 100 200', '0048600100200', '(+48) 600100200']) {
      expect(normalizePhone(written)).toBe('+48600100200');
    }
  });
  it('keeps foreign numbers in their own country', () => {
    expect(normalizePhone('+49 30 901820')).toBe('+4930901820');
    expect(normalizePhone('+44 20 7946 0018')).toBe('+442079460018');
  });
  it('refuses what is not a phone number', () => {
    expect(normalizePhone('123')).toBeNull();
    expect(normalizePhone('not a number')).toBeNull();
  });
});

describe('normalizeEmail', () => {
  it('matches regardless of case, spaces and Unicode composition', () => {
    expect(normalizeEmail('  Łucja.Żak@Example.PL ')).toBe('łucja.żak@example.pl');
    expect(normalizeEmail('z\u0307ak@example.pl')).toBe(normalizeEmail('żak@example.pl'));
  });
  it('keeps +tags and dots, which some providers treat as different mailboxes', () => {
    expect(normalizeEmail('jan.kowalski+faktury@example.pl')).toBe('jan.kowalski+faktury@example.pl');
  });
});

describe('normalizeIdentity', () => {
  it('rejects an invalid phone identity with a clear error', () => {
    expect(() => normalizeIdentity({ kind: 'phone', value: '+4812' })).toThrow(InvalidIdentityError);
  });
  it('scopes provider ids by page or team', () => {
    const a = identityMatchKey({ kind: 'slack', value: 'U123', teamId: 'T1' });
    const b = identityMatchKey({ kind: 'slack', value: 'U123', teamId: 'T2' });
    expect(a).not.toBe(b);
  });
});

describe('identitySchema', () => {
  it('takes an internationalised address (a Polish local part) and still refuses what is not an address', () => {
    expect(identitySchema.safeParse({ kind: 'email', value: 'ewa.zielińska@example.pl' }).success).toBe(true);
    expect(identitySchema.safeParse({ kind: 'email', value: 'jan.kowalski@example.pl' }).success).toBe(true);
    expect(identitySchema.safeParse({ kind: 'email', value: 'ewa zielińska' }).success).toBe(false);
    expect(identitySchema.safeParse({ kind: 'email', value: 'ewa@' }).success).toBe(false);
  });
});
