import twilio from 'twilio';

export interface ApiKey {
  accountSid: string;
  keySid: string;
  keySecret: string;
}

export interface ClientToken {
  token: string;
  /** The Client identity: what `<Dial><Client>` rings when the agent takes a caller without a phone. */
  identity: string;
  expiresAt: string;
}

/**
 * A Twilio Client (Voice SDK) access token that lets the agent's browser
 * receive calls as `identity`. Signed with the account's API key (HS256), as
 * Twilio's SDKs expect; the key secret never leaves the service.
 */
export function issueClientToken(key: ApiKey, identity: string, ttlSeconds: number): ClientToken {
  const { AccessToken } = twilio.jwt;
  const token = new AccessToken(key.accountSid, key.keySid, key.keySecret, { identity, ttl: ttlSeconds });
  token.addGrant(new AccessToken.VoiceGrant({ incomingAllow: true }));
  const jwt = token.toJwt();
  // Twilio's library stamps the token with the current time; the answer says when it ends.
  const { exp } = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as { exp: number };
  return { token: jwt, identity, expiresAt: new Date(exp * 1000).toISOString() };
}
