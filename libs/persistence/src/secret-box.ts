import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'sealed:v1:';

/**
 * Secrets we must keep but never show (a mailbox's IMAP and SMTP passwords,
 * Page access tokens and app secrets, Slack bot tokens and signing secrets),
 * sealed with AES-256-GCM before they reach the store: a copy of the database
 * or of a backup does not give them away. The key lives only in the
 * service's environment (STORE_SECRETS_KEY).
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the secrets key must be 32 bytes');
    this.key = key;
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${sealed.toString('base64url')}`;
  }

  /** The secret; fails loudly on a wrong key or a tampered value rather than returning garbage. */
  open(value: string): string {
    if (!isSealed(value)) throw new Error('not a sealed secret');
    const [iv, tag, sealed] = value.slice(PREFIX.length).split('.');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** Written by SecretBox (as opposed to a plain value stored by an older release). */
export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}
