// Internal Slack notifications: a customer's mail becomes a ticket in the
// tickets service, an agent changes it through the internal command API the
// gateway uses, and channel-social tells the department's Slack channel.
// Real: Kafka, the store, both services, @slack/web-api's WebClient.
// Stood in: Slack's servers (SlackStandIn, which checks the bot token).
import { randomBytes } from 'node:crypto';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import {
  buildEmailContact,
  commonTestEnv,
  consumerGroupStartingNow,
  EventProbe,
  fetchJson,
  startService,
  testInfra,
  testPublisher,
  uniqueName,
  waitFor,
  SlackStandIn,
  type RunningService,
} from '@threadline/testing';
import { channelSocialService } from '../../services/channel-social/src/app.module';
import { ticketsService } from '../../services/tickets/src/app.module';

const APP_URL = 'https://app.threadline.test';

/** A Slack team, a billing and a VIP channel per test, so each test's first ticket is #1. */
const workspaces = Array.from({ length: 3 }, (_, i) => ({
  teamId: `T0NOTE${String(i).padStart(3, '0')}`,
  workspaceId: uniqueName('ws'),
  botToken: `xoxb-${randomBytes(6).toString('hex')}-${i}`,
  signingSecret: randomBytes(16).toString('hex'),
  supportChannels: [`C0HELP${String(i).padStart(3, '0')}`],
  billing: `C0BILL${String(i).padStart(3, '0')}`,
  vip: `C0VIP${String(i).padStart(3, '0')}`,
}));
let nextWorkspace = 0;
const takeWorkspace = () => workspaces[nextWorkspace++];

const rules = workspaces.flatMap((w, i) => [
  {
    id: `complaint-billing-${i}`,
    workspaceId: w.workspaceId,
    teamId: w.teamId,
    channel: w.billing,
    when: { category: 'complaint' },
    message: 'Wstrzymajcie windykację do rozpatrzenia.',
  },
  { id: `vip-${i}`, workspaceId: w.workspaceId, teamId: w.teamId, channel: w.vip, when: { tag: 'vip' }, language: 'en' },
]);

const brokers = testInfra().kafkaBrokers.split(',');
const probe = new EventProbe(brokers);
const publisher = testPublisher('channel-email');
const slack = new SlackStandIn(new Set(workspaces.map((w) => w.botToken)));
let tickets: RunningService;
let social: RunningService;

beforeAll(async () => {
  await slack.start();
  await publisher.connect();
  await probe.start([TOPICS.ticketEvents.name]);
  tickets = await startService(ticketsService, {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name, TOPICS.deliveryStatus.name]),
  });
  social = await startService(channelSocialService, {
    ...commonTestEnv('channel-social'),
    SLACK_WORKSPACES: JSON.stringify(workspaces.map(({ billing: _b, vip: _v, ...team }) => team)),
    SLACK_API_BASE_URL: slack.url,
    SLACK_RETRY_DELAY_MS: '50',
    SLACK_TIMEOUT_MS: '3000',
    SLACK_CONSUMER_GROUP: await consumerGroupStartingNow('slack', [TOPICS.outboundRequested.name]),
    SLACK_NOTIFICATIONS: JSON.stringify(rules),
    SLACK_NOTIFICATIONS_TICKET_BASE_URL: APP_URL,
    SLACK_NOTIFICATIONS_CONSUMER_GROUP: await consumerGroupStartingNow('slack-notify', [TOPICS.ticketEvents.name]),
  });
});

afterAll(async () => {
  await social?.close();
  await tickets?.close();
  await probe.stop();
  await publisher.disconnect();
  await slack.stop();
});

/** A customer's e-mail in the workspace, and ticket #1 it became. */
async function ticketFromMail(workspaceId: string) {
  const contact = buildEmailContact({ subject: 'Reklamacja zamówienia — brak przesyłki' });
  await publisher.publish('contact.received.v1', { workspaceId, key: contact.from[0].value, payload: contact });
  await waitFor('ticket #1', async () => (await tickets.internalApi(workspaceId).fetch(`tickets/1`)).status === 200);
}

/** An agent's change to ticket #1, as the gateway forwards it. */
async function change(workspaceId: string, body: object) {
  const answer = await tickets.internalApi(workspaceId).fetch('tickets/1', { method: 'PATCH', body });
  expect(answer.status).toBe(200);
}

const updatesOf = (workspaceId: string) =>
  probe
    .events()
    .filter((e) => e.type === 'ticket.updated.v1' && e.workspaceId === workspaceId) as TypedEnvelope<'ticket.updated.v1'>[];

const notifications = async (outcome: string) => {
  const metrics = await (await fetch(`${social.url}/metrics`)).text();
  const line = metrics
    .split('\n')
    .find((l) => l.startsWith(`threadline_social_notifications_total{channel="slack",outcome="${outcome}"`));
  return line ? Number(line.split(' ').at(-1)) : 0;
};

it('tells the billing channel when a ticket becomes a complaint — once, in Polish, with the team’s bot — and not on later changes', async () => {
  const ws = takeWorkspace();
  const sentBefore = await notifications('sent');
  await ticketFromMail(ws.workspaceId);
  await change(ws.workspaceId, { category: 'complaint' });

  const post = await waitFor('the post in the billing channel', () => slack.in(ws.billing)[0]);
  expect(post.authorization).toBe(`Bearer ${ws.botToken}`);
  expect(post.args.channel).toBe(ws.billing);
  expect(post.args.text).toBe(
    'Zgłoszenie #1 „Reklamacja zamówienia — brak przesyłki” — kategoria: complaint. Wstrzymajcie windykację do rozpatrzenia.\n' +
      `<${APP_URL}/tickets/1|Otwórz zgłoszenie #1>`,
  );
  expect(post.ts).not.toBeNull();

  // The same event again (a redelivery), then a change the rule does not care about, on the complaint.
  const becameComplaint = await waitFor('the category change on the bus', () =>
    updatesOf(ws.workspaceId).find((e) => e.payload.changes.category?.to === 'complaint'),
  );
  await publisher.publish('ticket.updated.v1', {
    id: becameComplaint.id,
    workspaceId: becameComplaint.workspaceId,
    key: becameComplaint.key,
    payload: becameComplaint.payload,
  });
  await change(ws.workspaceId, { priority: 'urgent' });
  // A tag the VIP rule watches: once its post is there, everything before it on this ticket was handled.
  await change(ws.workspaceId, { tags: ['vip'] });
  const vip = await waitFor('the post in the VIP channel', () => slack.in(ws.vip)[0]);
  expect(vip.args.text).toBe(
    `Ticket #1 “Reklamacja zamówienia — brak przesyłki” — tag: vip.\n<${APP_URL}/tickets/1|Open ticket #1>`,
  );

  expect(slack.in(ws.billing)).toHaveLength(1);
  expect(await notifications('sent')).toBe(sentBefore + 2);
  expect(await notifications('duplicate')).toBeGreaterThanOrEqual(1);
});

it('retries a 5xx from Slack and then posts', async () => {
  const ws = takeWorkspace();
  slack.answerFor(ws.billing, { status: 503, body: { ok: false, error: 'service_unavailable' } });
  await ticketFromMail(ws.workspaceId);
  await change(ws.workspaceId, { category: 'complaint' });

  const posts = await waitFor('the retried post', () => (slack.in(ws.billing).length >= 2 ? slack.in(ws.billing) : null));
  expect(posts.map((p) => p.ts === null)).toEqual([true, false]);
  expect(posts[1].authorization).toBe(`Bearer ${ws.botToken}`);
  expect(posts[1].args.text).toMatch(/^Zgłoszenie #1 „Reklamacja zamówienia — brak przesyłki” — kategoria: complaint\./);
});

it('records Slack’s refusal without retrying it and keeps notifying', async () => {
  const ws = takeWorkspace();
  const failedBefore = await notifications('failed');
  slack.answerFor(ws.billing, { status: 200, body: { ok: false, error: 'not_in_channel' } });
  await ticketFromMail(ws.workspaceId);
  await change(ws.workspaceId, { category: 'complaint' });
  await change(ws.workspaceId, { tags: ['vip'] });

  await waitFor('the post in the VIP channel', () => slack.in(ws.vip)[0]);
  expect(slack.in(ws.billing)).toHaveLength(1);
  expect(await notifications('failed')).toBe(failedBefore + 1);
  const health = await fetchJson(`${social.url}/health`);
  expect(health.status).toBe(200);
  expect(Object.keys(health.body.checks)).toEqual(expect.arrayContaining([expect.stringMatching(/^consumer:slack-notify_/)]));
});
