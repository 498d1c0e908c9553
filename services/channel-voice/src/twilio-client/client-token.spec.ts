import { decodeProtectedHeader, jwtVerify } from 'jose';
import { issueClientToken } from './client-token';

const key = {
  accountSid: `AC${'1'.repeat(32)}`,
  keySid: `SK${'2'.repeat(32)}`,
  keySecret: 'the-api-key-secret-of-the-account',
};

describe('Twilio Client token', () => {
  it('is a Twilio access token for the agent: signed with the API key, identity = agent, incoming calls allowed', async () => {
    const before = Date.now();
    const issued = issueClientToken(key, 'agent-ola', 3600);
    expect(issued.identity).toBe('agent-ola');
    const endsIn = new Date(issued.expiresAt).getTime() - before;
    expect(endsIn).toBeGreaterThan(3595_000);
    expect(endsIn).toBeLessThanOrEqual(3601_000);

    expect(decodeProtectedHeader(issued.token)).toMatchObject({ alg: 'HS256', cty: 'twilio-fpa;v=1' });
    const { payload } = await jwtVerify(issued.token, new TextEncoder().encode(key.keySecret));
    expect(payload).toMatchObject({
      iss: key.keySid,
      sub: key.accountSid,
      grants: { identity: 'agent-ola', voice: { incoming: { allow: true } } },
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(new Date(payload.exp! * 1000).toISOString()).toBe(issued.expiresAt);
  });

  it('is refused once expired and under another secret', async () => {
    const { token } = issueClientToken(key, 'agent-ola', 600);
    const secret = new TextEncoder().encode(key.keySecret);
    await expect(jwtVerify(token, secret, { currentDate: new Date(Date.now() + 602_000) })).rejects.toThrow(/exp/);
    await expect(jwtVerify(token, new TextEncoder().encode('another-secret-entirely'))).rejects.toThrow(/signature/);
  });
});
