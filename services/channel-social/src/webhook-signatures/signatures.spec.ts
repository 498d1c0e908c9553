import { createHmac } from 'node:crypto';
import { isValidMetaSignature, metaSignature } from './meta-signature';
import { verifySlackSignature } from './slack-signature';

describe('Meta signature', () => {
  const secret = 'app-secret-0123456789';
  // Meta escapes non-ASCII before signing; the raw bytes keep the escapes.
  const raw = Buffer.from(
    '{"object":"page","entry":[{"messaging":[{"message":{"text":"Zam\\u00f3wienie \\u0142\\u00f3d\\u017a"}}]}]}',
  );

  it('accepts the signature over the raw bytes, escapes and all', () => {
    expect(isValidMetaSignature(secret, raw, metaSignature(secret, raw))).toBe(true);
  });

  it('the re-serialised body would not match: that is why the raw bytes are checked', () => {
    const reserialised = JSON.stringify(JSON.parse(raw.toString('utf8')));
    expect(reserialised).toContain('łódź');
    expect(isValidMetaSignature(secret, Buffer.from(reserialised), metaSignature(secret, raw))).toBe(false);
  });

  it('refuses a wrong secret, a missing header, a truncated or differently-cased one', () => {
    const good = metaSignature(secret, raw);
    expect(isValidMetaSignature('another-secret-xyz', raw, good)).toBe(false);
    expect(isValidMetaSignature(secret, raw, undefined)).toBe(false);
    expect(isValidMetaSignature(secret, raw, good.slice(0, -2))).toBe(false);
    expect(isValidMetaSignature(secret, raw, good.replace('sha256=', 'sha1='))).toBe(false);
    expect(isValidMetaSignature(secret, undefined, good)).toBe(false);
  });
});

describe('Slack signature', () => {
  const signingSecret = 'slack-signing-secret-123';
  const body = Buffer.from('{"type":"event_callback","event":{"text":"Zażółć"}}');
  const now = 1_780_000_000_000;
  const sign = (ts: number, payload = body) =>
    `v0=${createHmac('sha256', signingSecret)
      .update(`v0:${ts}:${payload.toString('utf8')}`)
      .digest('hex')}`;
  const check = (ts: number, signature = sign(ts), rawBody = body) =>
    verifySlackSignature({ signingSecret, rawBody, signature, timestamp: String(ts), nowMs: now });

  it('accepts a fresh, correctly signed request', () => {
    expect(check(now / 1000 - 10)).toBe('valid');
  });

  it('calls a timestamp more than 5 minutes off stale, in the past and in the future', () => {
    expect(check(now / 1000 - 301)).toBe('stale');
    expect(check(now / 1000 + 301)).toBe('stale');
  });

  it('calls a wrong signature or an altered body forged', () => {
    const ts = now / 1000;
    expect(check(ts, sign(ts - 1))).toBe('forged');
    expect(check(ts, sign(ts), Buffer.from('{"type":"event_callback"}'))).toBe('forged');
    expect(verifySlackSignature({ signingSecret, rawBody: body, signature: undefined, timestamp: String(ts), nowMs: now })).toBe(
      'forged',
    );
    expect(verifySlackSignature({ signingSecret, rawBody: body, signature: sign(ts), timestamp: 'abc', nowMs: now })).toBe(
      'forged',
    );
  });
});
