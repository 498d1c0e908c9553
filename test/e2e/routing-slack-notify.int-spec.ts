// A rule's notify action posting into Slack: a new ticket makes routing ask
// channel-social's internal route (with routing's service token) to post in a
// channel of the workspace's Slack team, naming the ticket's number and the
// rule; a refused post is a ✗ line on the timeline and the other actions stay
// done; the route posts once per idempotency key and answers services only.
// Real: Kafka, the store, tickets, routing, channel-social, @slack/web-api.
// Stood in: Slack's servers (SlackStandIn, which checks the bot token).
import { TOPICS } from '@threadline/contracts';
import {
  buildContact,
  consumerGroupStartingNow,
  type Json,
  type RunningService,
  SlackStandIn,
  testPublisher,
  uniqueName,
  waitFor,
  waitForGroupToCatchUp,
} from '@threadline/testing';
import { slackTeamOf, startSocialWithSlack } from './slack-services';
import { startRouting, startTickets } from './started-services';

const workspaceId = uniqueName('ws-slack-notify');
const team = slackTeamOf(workspaceId, 'T0ROUTE01', ['C0HELP001']);
const ESCALATIONS = 'C0ESKAL01';
const BROKEN = 'C0GONE001';
const admin = { id: 'admin-1', role: 'admin' as const };
const routingCaller = { id: 'routing', role: 'service' as const };

const publisher = testPublisher('channel-voice');
const slack = new SlackStandIn(new Set([team.botToken]));
let tickets: RunningService;
let social: RunningService;
let routing: RunningService;
let routingGroup: string;

beforeAll(async () => {
  await slack.start();
  await publisher.connect();
  tickets = await startTickets();
  social = await startSocialWithSlack(team, slack);
  routingGroup = await consumerGroupStartingNow('routing', [TOPICS.ticketEvents.name]);
  routing = await startRouting(tickets, { social, group: routingGroup });
}, 180_000);

afterAll(async () => {
  await routing?.close();
  await social?.close();
  await tickets?.close();
  await publisher.disconnect();
  await slack.stop();
});

const ticketApi = () => tickets.internalApi(workspaceId, admin);

async function rule(body: object): Promise<string> {
  const created = await routing.internalApi(workspaceId, admin).fetch('routing/rules', { method: 'POST', body });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

let phones = 0;
/** A customer's SMS opens a ticket; routing has run the rules for its creation when this returns. */
async function newTicket(text: string): Promise<Json> {
  const phone = `+4860200${String(++phones).padStart(4, '0')}`;
  const contact = buildContact('sms', [{ kind: 'phone', value: phone }], { text });
  await publisher.publish('contact.received.v1', { workspaceId, key: `phone:${phone}`, payload: contact });
  const created = await waitFor('the ticket', async () => {
    const list = (await ticketApi().fetch('tickets?sort=number')).body.items as Json[];
    return list.find((t) => t.number === phones);
  });
  await waitForGroupToCatchUp(routingGroup, [TOPICS.ticketEvents.name]);
  return created;
}

const firingNote = (detail: Json, name: string) =>
  (detail.timeline as Json[]).find((e) => e.kind === 'note' && String(e.text).startsWith(`Reguła „${name}”`));

it('posts a new complaint into the escalation channel, naming the ticket and the rule, in Polish', async () => {
  const ruleId = await rule({
    name: 'Reklamacje na Slacka',
    trigger: 'ticket.created',
    conditions: { keywords: ['reklamacja'] },
    actions: [
      { type: 'add-tags', tags: ['reklamacja'] },
      {
        type: 'notify',
        text: 'Pilna reklamacja — zgłoszenie {{number}}, proszę zająć się dziś.',
        slack: { channel: ESCALATIONS },
      },
    ],
  });
  const { number } = await newTicket('Dzień dobry, reklamacja: żółta kurtka przyszła podarta.');

  const detail = await waitFor('the firing on the timeline', async () => {
    const d = (await ticketApi().fetch(`tickets/${number}`)).body;
    return firingNote(d, 'Reklamacje na Slacka') && d;
  });
  expect(firingNote(detail, 'Reklamacje na Slacka')?.text).toContain(`✓ powiadomienie na Slacku: ${ESCALATIONS}`);
  const posts = slack.in(ESCALATIONS);
  expect(posts).toHaveLength(1);
  expect(posts[0].args.text).toBe(
    `Zgłoszenie #${number} — reguła „Reklamacje na Slacka” (nowe zgłoszenie)\n` +
      `Pilna reklamacja — zgłoszenie ${number}, proszę zająć się dziś.`,
  );
  // Posted by the workspace's own Slack team bot (the stand-in refuses any other token).
  expect(posts[0].authorization).toBe(`Bearer ${team.botToken}`);
  await routing.internalApi(workspaceId, admin).fetch(`routing/rules/${ruleId}`, { method: 'DELETE' });
});

it('writes a refused post on the timeline and keeps the other actions done', async () => {
  slack.answerFor(BROKEN, { status: 200, body: { ok: false, error: 'channel_not_found' } });
  await rule({
    name: 'Escalate to the archived channel',
    trigger: 'ticket.created',
    conditions: { keywords: ['refund'] },
    actions: [
      { type: 'set-priority', priority: 'high' },
      { type: 'notify', text: 'Refund request {{number}} needs a look.', slack: { channel: BROKEN } },
    ],
  });
  const { number } = await newTicket('Hello, I would like a refund for my order please.');

  const detail = await waitFor('the firing on the timeline', async () => {
    const d = (await ticketApi().fetch(`tickets/${number}`)).body;
    return firingNote(d, 'Escalate to the archived channel') && d;
  });
  expect(detail.priority).toBe('high');
  expect(firingNote(detail, 'Escalate to the archived channel')?.text).toMatch(
    new RegExp(`✗ powiadomienie na Slacku: ${BROKEN}: .*channel_not_found`),
  );
  // Refused for good: Slack was asked once (no retries of a permanent refusal).
  expect(slack.in(BROKEN)).toHaveLength(1);
});

describe("channel-social's internal notification route", () => {
  const post = (caller: { id: string; role: 'service' | 'admin' | 'agent' }, body: object, key?: string) =>
    social
      .internalApi(workspaceId, caller)
      .fetch('slack/notifications', { method: 'POST', body, headers: { 'idempotency-key': key } });

  it('posts once per idempotency key and answers the retry with the same message', async () => {
    const body = { channel: ESCALATIONS, text: 'Ticket #77 — rule "VIP"\nA VIP customer is waiting.' };
    const before = slack.in(ESCALATIONS).length;
    const first = await post(routingCaller, body, 'routing:firing-77:1');
    const again = await post(routingCaller, body, 'routing:firing-77:1');
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, body: first.body });
    expect(
      slack
        .in(ESCALATIONS)
        .slice(before)
        .map((r) => r.args.text),
    ).toEqual([body.text]);
  });

  it('answers services only, and names what is wrong with the request', async () => {
    const body = { channel: ESCALATIONS, text: 'Zgłoszenie #1' };
    expect((await post(admin, body, 'k-admin')).status).toBe(403);
    expect((await post({ id: 'agent-ola', role: 'agent' }, body, 'k-agent')).status).toBe(403);
    const bad = await post(routingCaller, { channel: '#ogólny', text: '' }, 'k-bad');
    expect(bad.status).toBe(400);
    expect((bad.body.errors as Json[]).map((e) => e.field).sort()).toEqual(['channel', 'text']);
    const keyless = await post(routingCaller, body);
    expect(keyless).toMatchObject({ status: 400, body: { errors: [{ field: 'Idempotency-Key' }] } });
    const otherTeam = await post(routingCaller, { ...body, teamId: 'T0OTHER99' }, 'k-team');
    expect(otherTeam).toMatchObject({ status: 422, body: { code: 'SLACK_NOTICE_REFUSED' } });
  });
});
