import { randomBytes } from 'node:crypto';
import { isSealed, SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('seals a secret so the stored value does not contain it, and opens it again', () => {
    const sealed = box.seal('hasło-ŻÓŁW-123');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('ŻÓŁW');
    expect(box.open(sealed)).toBe('hasło-ŻÓŁW-123');
  });

  it('gives a different value each time (no equal passwords to spot)', () => {
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses a value sealed with another key or changed in the store', () => {
    const sealed = box.seal('secret');
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow();
    // One bit of the ciphertext flipped (on the bytes: a base64 character may differ in padding bits only).
    const [head, ciphertext] = [sealed.slice(0, sealed.lastIndexOf('.') + 1), sealed.slice(sealed.lastIndexOf('.') + 1)];
    const bytes = Buffer.from(ciphertext, 'base64url');
    bytes[0] ^= 1;
    const tampered = head + bytes.toString('base64url');
    expect(() => box.open(tampered)).toThrow();
  });

  it('needs a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow('32 bytes');
  });
});
