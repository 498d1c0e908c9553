// Issue 13, finding 1: the internal routes answered anyone on the public
// webhook ports and trusted `x-agent-role: admin`. Now every service has two
// listeners: internal routes are not there on the public one (404, as an
// unknown path), and on the internal one only a valid service token for that
// service and workspace opens them (401 otherwise, whatever headers say).
// The exact exploits of the report first, then every internal route of
// every service against every kind of bad token.
import { randomBytes } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { TOPICS } from '@threadline/contracts';
import { InternalApiClient, routeInventory, ServiceTokenMinter } from '@threadline/service-runtime';
import {
  commonTestEnv,
  consumerGroupStartingNow,
  fetchJson,
  startService,
  twilioCallWebhooks,
  TwilioStandIn,
  uniqueName,
  type RunningService,
} from '@threadline/testing';
import { channelEmailService } from '../../services/channel-email/src/app.module';
import { channelSocialService } from '../../services/channel-social/src/app.module';
import { createChannelVoiceService } from '../../services/channel-voice/src/app.module';
import { ticketsService } from '../../services/tickets/src/app.module';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
const PUBLIC_BASE_URL = 'https://voice.threadline.test';
const NUMBER = '+48221345699';
const workspaceId = uniqueName('ws');
const calls = {
  greeting: 'Dzień dobry.',
  menus: {
    main: { prompt: 'Reklamacje: naciśnij 1.', options: [{ digit: '1', action: { type: 'queue', queue: 'reklamacje' } }] },
  },
  queues: { reklamacje: { maxWaitSeconds: 600 } },
};
/** What the attacker sent: "I am the admin", in headers. */
const FORGED = { 'content-type': 'application/json', 'x-agent-id': 'admin-1', 'x-agent-role': 'admin' };
// A working day at 11:00 in Warsaw, so the number answers with its menu and queue.
const clockOffset = new Date('2026-12-01T10:00:00Z').getTime() - Date.now();

const standIn = new TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN);
const env = commonTestEnv('security');
let tickets: RunningService;
let email: RunningService;
let voice: RunningService;
let social: RunningService;

beforeAll(async () => {
  await standIn.start();
  const group = (prefix: string, ...topics: string[]) => consumerGroupStartingNow(prefix, topics);
  tickets = await startService(ticketsService, {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await group('tickets', TOPICS.contactReceived.name, TOPICS.deliveryStatus.name),
  });
  email = await startService(channelEmailService, {
    ...commonTestEnv('channel-email'),
    EMAIL_OUTBOUND_CONSUMER_GROUP: await group('email', TOPICS.outboundRequested.name),
  });
  voice = await startService(createChannelVoiceService({ clock: () => new Date(Date.now() + clockOffset) }), {
    ...commonTestEnv('channel-voice'),
    VOICE_NUMBERS: JSON.stringify([{ workspaceId, number: NUMBER, calls }]),
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_BASE_URL,
    TWILIO_API_BASE_URL: standIn.url,
    TWILIO_API_KEY_SID: `SK${randomBytes(16).toString('hex')}`,
    TWILIO_API_KEY_SECRET: randomBytes(16).toString('hex'),
    VOICE_SMS_CONSUMER_GROUP: await group('voice', TOPICS.outboundRequested.name),
  });
  social = await startService(channelSocialService, {
    ...commonTestEnv('channel-social'),
    MESSENGER_VERIFY_TOKEN: 'verify-token-security',
    MESSENGER_CONSUMER_GROUP: await group('messenger', TOPICS.outboundRequested.name),
    SLACK_CONSUMER_GROUP: await group('slack', TOPICS.outboundRequested.name),
  });
}, 120_000);

afterAll(async () => {
  for (const service of [social, voice, email, tickets]) await service?.close();
  await standIn.stop();
});

const onPublic = (service: RunningService, path: string, method = 'POST', body: unknown = {}) =>
  fetchJson(`${service.url}/internal/v1/workspaces/${workspaceId}/${path}`, {
    method,
    headers: FORGED,
    body: method === 'GET' ? undefined : JSON.stringify(body),
  });
const onInternalWithoutToken = (service: RunningService, path: string, method = 'POST', body: unknown = {}) =>
  fetchJson(`${service.internalUrl}/internal/v1/workspaces/${workspaceId}/${path}`, {
    method,
    headers: FORGED,
    body: method === 'GET' ? undefined : JSON.stringify(body),
  });
const refusedAsUnknown = { status: 404, body: { code: 'NOT_FOUND', message: expect.stringMatching(/^Cannot /) } };
const refusedUnauthenticated = { status: 401, body: { code: 'SERVICE_TOKEN_REQUIRED' } };

describe('the exploits of the report', () => {
  it('no longer connects a waiting caller to the attacker’s phone (voice queue next)', async () => {
    const call = twilioCallWebhooks({
      serviceUrl: () => voice.url,
      publicBaseUrl: PUBLIC_BASE_URL,
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      to: NUMBER,
      from: '+48601222333',
    });
    await call.incoming();
    await call.menu('1');
    expect((await call.wait('reklamacje', 5)).status).toBe(200);

    const steal = { phone: '+48700100200' };
    expect(await onPublic(voice, 'voice/queues/reklamacje/next', 'POST', steal)).toMatchObject(refusedAsUnknown);
    expect(await onInternalWithoutToken(voice, 'voice/queues/reklamacje/next', 'POST', steal)).toMatchObject(
      refusedUnauthenticated,
    );
    // The caller still waits, and Twilio was never asked to dial anyone.
    const board = await voice.internalApi(workspaceId).fetch('voice/queues');
    expect(board.body.queues).toEqual(expect.arrayContaining([expect.objectContaining({ queue: 'reklamacje', waiting: 1 })]));
    expect(standIn.callUpdates.filter((u) => u.callSid === call.sid)).toEqual([]);
  });

  it('no longer mints a Twilio Client token for someone else’s identity', async () => {
    expect(await onPublic(voice, 'voice/client-token')).toMatchObject(refusedAsUnknown);
    expect(await onInternalWithoutToken(voice, 'voice/client-token')).toMatchObject(refusedUnauthenticated);
    // The agent named by a valid token gets theirs.
    const own = await voice.internalApi(workspaceId, { id: 'agent-ola', role: 'agent' }).fetch('voice/client-token', {
      method: 'POST',
      body: {},
    });
    expect(own).toMatchObject({ status: 200, body: { identity: 'agent-ola' } });
  });

  it('no longer registers a Page with the attacker’s app secret', async () => {
    const page = { pageId: '990000000000001', pageAccessToken: `EAA${'a'.repeat(40)}`, appSecret: 'attackers-app-secret' };
    expect(await onPublic(social, 'messenger/pages', 'POST', page)).toMatchObject(refusedAsUnknown);
    expect(await onInternalWithoutToken(social, 'messenger/pages', 'POST', page)).toMatchObject(refusedUnauthenticated);
    const pages = await social.internalApi(workspaceId, { id: 'admin-1', role: 'admin' }).fetch('messenger/pages');
    expect(pages).toMatchObject({ status: 200, body: { items: [] } });
  });

  it('no longer answers the tickets and mailbox APIs to “x-agent-role: admin”', async () => {
    for (const [service, method, path, body] of [
      [tickets, 'GET', 'tickets', undefined],
      [tickets, 'GET', 'audit', undefined],
      [tickets, 'POST', 'tickets/2/merge', { intoNumber: 1 }],
      [email, 'GET', 'mailboxes', undefined],
      [email, 'POST', 'mailboxes', { id: 'x', host: '169.254.169.254', port: 80, user: 'u', password: 'p' }],
    ] as const) {
      expect(await onPublic(service, path, method, body)).toMatchObject(refusedAsUnknown);
      expect(await onInternalWithoutToken(service, path, method, body)).toMatchObject(refusedUnauthenticated);
    }
    expect((await email.internalApi(workspaceId, { id: 'admin-1', role: 'admin' }).fetch('mailboxes')).body.items).toEqual([]);
  });
});

it('keeps the owners’ admin routes for admins, whoever else holds a valid token', async () => {
  for (const caller of [
    { id: 'agent-ola', role: 'agent' },
    { id: 'sup-ewa', role: 'supervisor' },
    { id: 'routing', role: 'service' },
  ] as const) {
    for (const [service, path] of [
      [email, 'mailboxes'],
      [social, 'messenger/pages'],
      [social, 'slack/teams'],
      [voice, 'voice/numbers'],
    ] as const) {
      const answer = await service.internalApi(workspaceId, caller).fetch(path, { method: 'POST', body: {} });
      expect({ caller: caller.role, path, status: answer.status }).toEqual({ caller: caller.role, path, status: 403 });
    }
  }
});

/** Tokens an attacker could bring: each must be refused. */
const SECRET = env.SERVICE_TOKEN_SECRET;
const now = () => Math.floor(Date.now() / 1000);
const sign = (claims: JWTPayload, secret = SECRET, header: { alg: string } = { alg: 'HS256' }) =>
  new SignJWT(claims).setProtectedHeader(header).sign(new TextEncoder().encode(secret));
const valid = (audience: string, ws = workspaceId): JWTPayload => ({
  iss: 'gateway',
  sub: 'admin-1',
  aud: audience,
  ws,
  role: 'admin',
  iat: now(),
  exp: now() + 60,
});
const badTokens: [string, (audience: string) => Promise<string>][] = [
  ['signed with another secret', (aud) => sign(valid(aud), randomBytes(32).toString('base64url'))],
  ['expired', (aud) => sign({ ...valid(aud), iat: now() - 600, exp: now() - 300 })],
  ['without exp', async (aud) => sign({ ...valid(aud), exp: undefined })],
  ['issued long ago with a far expiry', (aud) => sign({ ...valid(aud), iat: now() - 3600, exp: now() + 3600 })],
  ['for another service', (aud) => sign(valid(aud === 'tickets' ? 'channel-email' : 'tickets'))],
  ['for another workspace', (aud) => sign(valid(aud, uniqueName('ws')))],
  ['for an unknown role', (aud) => sign({ ...valid(aud), role: 'root' })],
  [
    'unsigned (alg none)',
    async (aud) =>
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(valid(aud))).toString('base64url')}.`,
  ],
];

it('refuses every internal route of every service: 404 on the public port, 401 on the internal one without a valid token', async () => {
  const services = { tickets, 'channel-email': email, 'channel-voice': voice, 'channel-social': social };
  let tried = 0;
  const leaks: string[] = [];
  const expect404or401 = (what: string, expected: number, status: number) => {
    tried++;
    if (status !== expected) leaks.push(`${what}: ${status}, expected ${expected}`);
  };
  let routes = 0;
  for (const [name, service] of Object.entries(services)) {
    for (const route of routeInventory(service.app).filter((r) => r.door.kind === 'internal')) {
      routes++;
      const path = route.path.replace(':workspaceId', workspaceId).replace(/:\w+/g, 'x1').replace(/\*\w+/, 'anything');
      const method = route.method === 'ALL' ? 'POST' : route.method;
      const send = (base: string, headers: Record<string, string>, at = path) =>
        fetch(`${base}/${at}`, { method, headers: { ...FORGED, ...headers }, body: method === 'GET' ? undefined : '{}' }).then(
          (r) => r.status,
        );
      const what = `${name} ${method} /${route.path}`;
      expect404or401(`${what} on the public port`, 404, await send(service.url, {}));
      expect404or401(
        `${what} on the public port in capitals`,
        404,
        await send(service.url, {}, path.replace('internal/v1', 'INTERNAL/V1')),
      );
      expect404or401(`${what} without a token`, 401, await send(service.internalUrl, {}));
      for (const [kind, token] of badTokens) {
        expect404or401(
          `${what} with a token ${kind}`,
          401,
          await send(service.internalUrl, { authorization: `Bearer ${await token(name)}` }),
        );
      }
      // And the door works: a valid token gets past it (whatever the route then answers).
      const opened = await send(service.internalUrl, { authorization: `Bearer ${await sign(valid(name))}` });
      if (opened === 401 || (opened === 404 && route.method === 'GET' && !route.path.includes(':')))
        leaks.push(`${what}: a valid token got ${opened}`);
    }
  }
  console.info(
    `internal doors: ${routes} internal routes, ${tried} bad requests tried, ${tried - leaks.length} refused, ${leaks.length} leaked`,
  );
  expect(leaks).toEqual([]);
  expect(routes).toBeGreaterThanOrEqual(30);
});

it('lets another service (routing, say) call tickets for itself with a token it mints', async () => {
  const asRouting = new InternalApiClient(
    { name: 'tickets', baseUrl: tickets.internalUrl },
    new ServiceTokenMinter('routing', SECRET),
  );
  const answer = await asRouting.asItself(workspaceId, 'tickets');
  expect(answer.status).toBe(200);
  expect(await answer.json()).toMatchObject({ items: [] });
});

it('serves public routes on the public port only', async () => {
  for (const service of [tickets, email, voice, social]) {
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
    expect((await fetch(`${service.internalUrl}/health`)).status).toBe(404);
  }
  expect((await fetch(`${voice.internalUrl}/webhooks/twilio/sms`, { method: 'POST' })).status).toBe(404);
  expect((await fetch(`${social.internalUrl}/webhooks/messenger?hub.mode=subscribe`)).status).toBe(404);
});
