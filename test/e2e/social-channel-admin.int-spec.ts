// Admins connect a Facebook Page and a Slack team through the gateway;
// channel-social takes their signed webhooks in at once (no restart, nothing
// in MESSENGER_PAGES or SLACK_WORKSPACES), answers with the connection's own
// token, keeps the secrets sealed in the store and stops once it is removed —
// on a second instance too, which sees the change within its cache time.
// Real: Kafka, the store, gateway, channel-social, tickets. Stood in: Meta's
// and Slack's servers (MetaStandIn, SlackStandIn), which check the tokens.
import { randomBytes, randomInt } from 'node:crypto';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import { connectMongo } from '@threadline/persistence';
import {
  commonTestEnv,
  consumerGroupStartingNow,
  EventProbe,
  type Json,
  messageCallback,
  MetaStandIn,
  newMid,
  newTs,
  pageWebhook,
  postMessengerWebhook,
  postSlackEvent,
  type RunningService,
  SlackStandIn,
  startService,
  testInfra,
  textEvent,
  waitFor,
  gatewayTestEnv,
} from '@threadline/testing';
import { channelSocialService } from '../../services/channel-social/src/app.module';
import { gatewayService } from '../../services/gateway/src/app.module';
import { ticketsService } from '../../services/tickets/src/app.module';
import { logIn, newWorkspace, seedAgents, type AgentCall, type TestAgent } from './workspace-agents';

const wsA = newWorkspace('sklep');
const wsB = newWorkspace('hurt');
const agents: Record<'adminA' | 'agentA' | 'adminB', TestAgent> = {
  adminA: { workspace: wsA, email: 'admin@firma.test', role: 'admin' },
  agentA: { workspace: wsA, email: 'ola@firma.test', role: 'agent' },
  adminB: { workspace: wsB, email: 'admin@firma.test', role: 'admin' },
};
/** A Page and a Slack team nobody else in this run owns. */
const page = {
  pageId: `2048${String(randomInt(0, 1e10)).padStart(10, '0')}`,
  pageAccessToken: `EAAG${randomBytes(24).toString('hex')}`,
  appSecret: randomBytes(16).toString('hex'),
};
const rotatedToken = `EAAG${randomBytes(24).toString('hex')}`;
const team = {
  teamId: `T0${randomBytes(4).toString('hex').toUpperCase()}`,
  botToken: `xoxb-${randomBytes(12).toString('hex')}`,
  signingSecret: randomBytes(16).toString('hex'),
  supportChannels: ['C0POMOC01'],
};
const secrets = [page.pageAccessToken, page.appSecret, rotatedToken, team.botToken, team.signingSecret];

const probe = new EventProbe(testInfra().kafkaBrokers.split(','));
const meta = new MetaStandIn(
  new Map([
    [page.pageAccessToken, page.appSecret],
    [rotatedToken, page.appSecret],
  ]),
);
const slack = new SlackStandIn(new Set([team.botToken]));
const running: RunningService[] = [];
let gateway: RunningService;
let social: RunningService;
/** Another channel-social instance over the same store, as when it is scaled out. */
let peer: RunningService;
const PEER_CACHE_MS = 500;
let tickets: RunningService;
let socialDatabase: string;
let api: AgentCall<keyof typeof agents>;
/** As that agent through the gateway; every request may be a reply, so each carries an Idempotency-Key. */
const call = (who: keyof typeof agents, method: string, path: string, body?: unknown) =>
  api(who, method, path, body, { 'idempotency-key': randomBytes(8).toString('hex') });
const newPsid = () => `${randomInt(1_000_000, 9_999_999)}${randomInt(1_000_000_000, 9_999_999_999)}`;
const messengerWebhook = (psid: string, text: string, appSecret = page.appSecret, mid = newMid(), via = social) =>
  postMessengerWebhook(
    via.url,
    pageWebhook({ pageId: page.pageId, messaging: [textEvent(page.pageId, psid, text, Date.now(), mid)] }),
    appSecret,
  );
const slackEvent = (text: string, channel = team.supportChannels[0], signingSecret = team.signingSecret, ts = newTs()) =>
  postSlackEvent(social.url, messageCallback(team.teamId, { channel, user: 'U0KLIENT1', text, ts }), signingSecret);
const contactsWhere = (match: (contact: TypedEnvelope<'contact.received.v1'>) => boolean) =>
  probe.events().filter((e) => e.type === 'contact.received.v1' && match(e as TypedEnvelope<'contact.received.v1'>));
const ticketOf = (workspaceId: string, number: number, ready: (timeline: Json[]) => boolean) =>
  waitFor(`ticket #${number} of ${workspaceId}`, async () => {
    const { status, body } = await tickets.internalApi(workspaceId).fetch(`tickets/${number}`);
    return status === 200 && ready(body.timeline) ? body : null;
  });
const inboundTexts = (timeline: Json[]) =>
  timeline.filter((e) => e.kind === 'message' && e.direction === 'inbound').map((e) => e.text);
/** What the store holds for a connection, as a copy of the database would show it. */
async function storedDoc(collection: string, id: string): Promise<Json | null> {
  const connection = await connectMongo(testInfra().mongoUrl, socialDatabase);
  try {
    return (await connection.db!.collection(collection).findOne({ _id: id as never })) as Json | null;
  } finally {
    await connection.close();
  }
}
/** Long enough for the peer to forget what it read before a change made through the other instance. */
const peerCatchesUp = () => new Promise((resolve) => setTimeout(resolve, PEER_CACHE_MS + 100));
/** Nothing published: the first message's contact came through within this, so a later one would have too. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));

beforeAll(async () => {
  await Promise.all([meta.start(), slack.start(), probe.start([TOPICS.contactReceived.name])]);
  const gatewayEnv = gatewayTestEnv();
  await seedAgents(gatewayEnv, Object.values(agents));

  tickets = await startService(ticketsService, {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name, TOPICS.deliveryStatus.name]),
  });
  const socialEnv = {
    ...commonTestEnv('channel-social'),
    // No MESSENGER_PAGES, no SLACK_WORKSPACES: every Page and team comes from the admins.
    MESSENGER_VERIFY_TOKEN: randomBytes(12).toString('hex'),
    MESSENGER_API_BASE_URL: meta.url,
    MESSENGER_RETRY_DELAY_MS: '50',
    MESSENGER_CONSUMER_GROUP: await consumerGroupStartingNow('messenger', [TOPICS.outboundRequested.name]),
    SLACK_API_BASE_URL: slack.url,
    SLACK_RETRY_DELAY_MS: '50',
    SLACK_CONSUMER_GROUP: await consumerGroupStartingNow('slack', [TOPICS.outboundRequested.name]),
  };
  socialDatabase = socialEnv.MONGO_DATABASE;
  social = await startService(channelSocialService, socialEnv);
  peer = await startService(channelSocialService, { ...socialEnv, SOCIAL_CONNECTIONS_CACHE_MS: String(PEER_CACHE_MS) });
  running.push(tickets, social, peer);
  gateway = await startService(gatewayService, {
    ...gatewayEnv,
    TICKETS_URL: tickets.internalUrl,
    CHANNEL_SOCIAL_URL: social.internalUrl,
  });
  api = await logIn(gateway.url, agents);
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all(running.map((s) => s.close()));
  await Promise.all([probe.stop(), meta.stop(), slack.stop()]);
});

it('lets an admin connect a Page whose messages become tickets and whose replies go out with its token, until it is removed', async () => {
  const path = `/api/v1/messenger/pages/${page.pageId}`;
  expect((await call('agentA', 'GET', '/api/v1/messenger/pages')).status).toBe(403);
  expect((await call('agentA', 'POST', '/api/v1/messenger/pages', page)).status).toBe(403);
  const bad = await call('adminA', 'POST', '/api/v1/messenger/pages', {
    pageId: 'moja-strona',
    pageAccessToken: 'short',
    appSecret: 'x',
    colour: 'red',
  });
  expect(bad.status).toBe(400);
  expect(bad.body.code).toBe('INVALID_INPUT');
  expect(bad.body.errors.map((e: Json) => e.field)).toEqual(
    expect.arrayContaining(['pageId', 'pageAccessToken', 'appSecret', '(body)']),
  );
  expect(JSON.stringify(bad.body)).not.toContain('short');

  // Before it is connected, the Page is nobody's: answered 200 (Meta would only retry), no contact.
  const before = newMid();
  expect(await messengerWebhook(newPsid(), 'Czy ktoś tu jest?', page.appSecret, before, peer)).toEqual({
    status: 200,
    text: 'EVENT_RECEIVED',
  });

  const added = await call('adminA', 'POST', '/api/v1/messenger/pages', page);
  expect(added).toMatchObject({
    status: 201,
    body: { pageId: page.pageId, source: 'api', pageAccessTokenSet: true, appSecretSet: true },
  });
  expect((await call('adminB', 'POST', '/api/v1/messenger/pages', page)).status).toBe(409);
  expect((await call('adminA', 'POST', '/api/v1/messenger/pages', page)).status).toBe(409);
  expect((await call('adminB', 'PATCH', path, { pageAccessToken: rotatedToken })).status).toBe(404);
  expect((await call('adminB', 'DELETE', path)).status).toBe(404);
  const listed = await call('adminA', 'GET', '/api/v1/messenger/pages');
  expect(listed.body.items).toEqual([{ pageId: page.pageId, source: 'api', pageAccessTokenSet: true, appSecretSet: true }]);
  expect((await call('adminB', 'GET', '/api/v1/messenger/pages')).body.items).toEqual([]);

  // Sealed at rest: a copy of the database does not give the token or the secret away.
  const doc = await storedDoc('messenger_pages', page.pageId);
  expect(doc).toMatchObject({ workspaceId: wsA.id, pageAccessToken: expect.stringMatching(/^sealed:v1:/) });
  for (const secret of secrets) expect(JSON.stringify(doc)).not.toContain(secret);

  // Checked with that Page's app secret: another one is refused.
  const psid = newPsid();
  expect((await messengerWebhook(psid, 'Podrobione', randomBytes(16).toString('hex'))).status).toBe(403);
  const text = 'Dzień dobry, gdzie jest moja paczka? Zażółć gęślą jaźń.';
  // The Page was added through the other instance; the peer, which found no such Page before, sees it now.
  await peerCatchesUp();
  expect(await messengerWebhook(psid, text, page.appSecret, newMid(), peer)).toEqual({ status: 200, text: 'EVENT_RECEIVED' });
  const ticket = await ticketOf(wsA.id, 1, (t) => inboundTexts(t).length === 1);
  expect(inboundTexts(ticket.timeline)).toEqual([text]);
  expect(contactsWhere((c) => c.payload.providerMessageId === before)).toEqual([]);

  const reply = await call('agentA', 'POST', '/api/v1/tickets/1/replies', { text: 'Paczka wyjechała dziś — żółw już pędzi.' });
  expect(reply.status).toBe(201);
  const sent = await waitFor('the reply at Meta', () => meta.to(psid)[0]);
  expect(sent).toMatchObject({
    accessToken: page.pageAccessToken,
    body: { recipient: { id: psid }, message: { text: 'Paczka wyjechała dziś — żółw już pędzi.' } },
  });

  // A new token without the secret: the stored app secret is kept, the next reply uses the new token.
  const changed = await call('adminA', 'PATCH', path, { pageAccessToken: rotatedToken });
  expect(changed).toMatchObject({ status: 200, body: { pageId: page.pageId, pageAccessTokenSet: true, appSecretSet: true } });
  expect(JSON.stringify(changed.body)).not.toContain(rotatedToken);
  // Either instance may send the next reply (one consumer group): the peer's cached Page must have expired.
  await peerCatchesUp();
  await messengerWebhook(psid, 'Dziękuję, a kiedy dotrze?');
  await ticketOf(wsA.id, 1, (t) => inboundTexts(t).length === 2);
  await call('agentA', 'POST', '/api/v1/tickets/1/replies', { text: 'Jutro.' });
  expect(await waitFor('the second reply at Meta', () => meta.to(psid)[1])).toMatchObject({ accessToken: rotatedToken });

  expect((await call('adminA', 'DELETE', path)).status).toBe(204);
  expect((await call('adminA', 'GET', '/api/v1/messenger/pages')).body.items).toEqual([]);
  const after = newMid();
  const afterOnPeer = newMid();
  expect(await messengerWebhook(newPsid(), 'Jeszcze jedno pytanie.', page.appSecret, after)).toEqual({
    status: 200,
    text: 'EVENT_RECEIVED',
  });
  await peerCatchesUp();
  expect((await messengerWebhook(newPsid(), 'A na drugiej instancji?', page.appSecret, afterOnPeer, peer)).status).toBe(200);
  await settle();
  expect(contactsWhere((c) => c.payload.providerMessageId === after || c.payload.providerMessageId === afterOnPeer)).toEqual([]);
}, 60_000);

it('lets an admin connect a Slack team whose support channels become tickets and whose replies are posted with its bot token, until it is removed', async () => {
  const path = `/api/v1/slack/teams/${team.teamId}`;
  expect((await call('agentA', 'GET', '/api/v1/slack/teams')).status).toBe(403);
  expect((await call('agentA', 'POST', '/api/v1/slack/teams', team)).status).toBe(403);
  const bad = await call('adminB', 'POST', '/api/v1/slack/teams', {
    teamId: 'acme',
    botToken: 'xoxp-user-token',
    signingSecret: 'short',
    supportChannels: ['#pomoc'],
  });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: Json) => e.field)).toEqual(
    expect.arrayContaining(['teamId', 'botToken', 'signingSecret', 'supportChannels.0']),
  );

  const beforeTs = newTs();
  expect((await slackEvent('Halo, jest tu ktoś?', team.supportChannels[0], team.signingSecret, beforeTs)).status).toBe(200);

  const added = await call('adminB', 'POST', '/api/v1/slack/teams', team);
  expect(added).toMatchObject({
    status: 201,
    body: {
      teamId: team.teamId,
      source: 'api',
      supportChannels: team.supportChannels,
      botTokenSet: true,
      signingSecretSet: true,
    },
  });
  expect((await call('adminA', 'POST', '/api/v1/slack/teams', team)).status).toBe(409);
  expect((await call('adminA', 'PATCH', path, { supportChannels: ['C0INNY001'] })).status).toBe(404);
  const bothChannels = [...team.supportChannels, 'C0INNY001'];
  const changed = await call('adminB', 'PATCH', path, { supportChannels: bothChannels });
  expect(changed).toMatchObject({ status: 200, body: { supportChannels: bothChannels, botTokenSet: true } });
  const listed = await call('adminB', 'GET', '/api/v1/slack/teams');
  expect(listed.body.items).toEqual([
    { teamId: team.teamId, source: 'api', supportChannels: bothChannels, botTokenSet: true, signingSecretSet: true },
  ]);
  for (const secret of secrets) expect(JSON.stringify(listed.body)).not.toContain(secret);
  const doc = await storedDoc('slack_teams', team.teamId);
  expect(doc).toMatchObject({ workspaceId: wsB.id, botToken: expect.stringMatching(/^sealed:v1:/) });
  for (const secret of secrets) expect(JSON.stringify(doc)).not.toContain(secret);

  // Verified with the team's signing secret, read after its team_id.
  expect((await slackEvent('Podrobione', 'C0INNY001', randomBytes(16).toString('hex'))).status).toBe(403);
  const rootTs = newTs();
  const text = 'Faktura za listopad ma zły NIP — proszę o korektę. Zażółć gęślą jaźń.';
  expect((await slackEvent(text, 'C0INNY001', team.signingSecret, rootTs)).status).toBe(200);
  const ticket = await ticketOf(wsB.id, 1, (t) => inboundTexts(t).length === 1);
  expect(inboundTexts(ticket.timeline)).toEqual([text]);
  expect(contactsWhere((c) => c.payload.providerMessageId === `${team.supportChannels[0]}:${beforeTs}`)).toEqual([]);

  const adminBReply = await call('adminB', 'POST', '/api/v1/tickets/1/replies', { text: 'Korekta wysłana — sprawdź skrzynkę.' });
  expect(adminBReply.status).toBe(201);
  const posted = await waitFor('the reply at Slack', () => slack.in('C0INNY001')[0]);
  expect(posted.authorization).toBe(`Bearer ${team.botToken}`);
  expect(posted.args).toMatchObject({ channel: 'C0INNY001', thread_ts: rootTs, text: 'Korekta wysłana — sprawdź skrzynkę.' });

  expect((await call('adminB', 'DELETE', path)).status).toBe(204);
  expect((await call('adminB', 'GET', '/api/v1/slack/teams')).body.items).toEqual([]);
  const afterTs = newTs();
  expect((await slackEvent('Jeszcze jedno.', 'C0INNY001', team.signingSecret, afterTs)).status).toBe(200);
  await settle();
  expect(contactsWhere((c) => c.payload.providerMessageId === `C0INNY001:${afterTs}`)).toEqual([]);
}, 60_000);
