// The seed office's complaint story end to end, built from routing rules:
// a complaint e-mail moves to "waiting for another department", holds debt
// collection for the customer (on the ticket, the customer and as
// ticket.collections-hold.v1 for a collections system), tells billing in
// Slack and in the app (a note mentioning the billing queue's members) and
// the customer from a template; billing answers with an internal note and
// hands it back — the customer is told; the agent closes it — the hold ends
// and the customer is told again.
// Real: Kafka, the store, tickets, routing, channel-social, @slack/web-api.
// Stood in: Slack's servers.
import { randomBytes } from 'node:crypto';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import {
  buildEmailContact,
  consumerGroupStartingNow,
  EventProbe,
  type Json,
  type RunningService,
  SlackStandIn,
  testInfra,
  testPublisher,
  uniqueName,
  waitFor,
  waitForGroupToCatchUp,
} from '@threadline/testing';
import { slackTeamOf, startSocialWithSlack } from './slack-services';
import { startRouting, startTickets } from './started-services';

const workspaceId = uniqueName('ws-complaint');
const BILLING_CHANNEL = 'C0ROZLICZ';
const team = slackTeamOf(workspaceId, 'T0COMPLNT', ['C0POMOC01']);
const admin = { id: 'admin-1', role: 'admin' as const };
const agent = { id: 'agent-ola', role: 'agent' as const };
const billing = { id: 'billing-ewa', role: 'agent' as const };

const TOLD_FORWARDED =
  'Dzień dobry, reklamację nr {{number}} przekazaliśmy do działu rozliczeń. Do czasu jej rozpatrzenia wstrzymujemy windykację.';
const TOLD_ANSWERED = 'Dział rozliczeń rozpatrzył reklamację nr {{number}}; konsultantka wkrótce się odezwie.';
const TOLD_CLOSED = 'Reklamacja nr {{number}} została rozpatrzona i zamknięta. Dziękujemy za cierpliwość.';

const publisher = testPublisher('channel-email');
const probe = new EventProbe(testInfra().kafkaBrokers.split(','));
const slack = new SlackStandIn(new Set([team.botToken]));
let tickets: RunningService;
let social: RunningService;
let routing: RunningService;
let routingGroup: string;

beforeAll(async () => {
  await Promise.all([slack.start(), publisher.connect(), probe.start([TOPICS.ticketEvents.name])]);
  tickets = await startTickets();
  social = await startSocialWithSlack(team, slack);
  routingGroup = await consumerGroupStartingNow('routing', [TOPICS.ticketEvents.name]);
  routing = await startRouting(tickets, { social, group: routingGroup });
}, 180_000);

afterAll(async () => {
  await routing?.close();
  await social?.close();
  await tickets?.close();
  await probe.stop();
  await publisher.disconnect();
  await slack.stop();
});

const api = (caller: { id: string; role: 'admin' | 'agent' } = admin) => tickets.internalApi(workspaceId, caller);
const detailOf = async (number: number) => (await api().fetch(`tickets/${number}`)).body;
const toldCustomer = (detail: Json) =>
  (detail.timeline as Json[]).filter((e) => e.direction === 'outbound' && e.automatic).map((e) => e.text as string);
const isHoldOf =
  (number: number) =>
  (e: TypedEnvelope): e is TypedEnvelope<'ticket.collections-hold.v1'> =>
    e.type === 'ticket.collections-hold.v1' && e.workspaceId === workspaceId && (e.payload as Json).number === number;
const holdEvents = (number: number) => probe.events().filter(isHoldOf(number));

async function rule(body: object): Promise<void> {
  const created = await routing.internalApi(workspaceId, admin).fetch('routing/rules', { method: 'POST', body });
  expect(created.status).toBe(201);
}

async function command(caller: typeof agent, path: string, method: 'PATCH' | 'POST', body: object) {
  const answer = await api(caller).fetch(path, {
    method,
    body,
    headers: { 'idempotency-key': randomBytes(8).toString('hex') },
  });
  expect(answer.status).toBeLessThan(300);
}

it('walks a complaint through billing and back, holding debt collection until it is closed', async () => {
  const queue = await routing
    .internalApi(workspaceId, admin)
    .fetch('routing/queues/rozliczenia', { method: 'PUT', body: { members: [billing.id] } });
  expect(queue.status).toBe(200);
  await rule({
    name: 'Reklamacja do działu rozliczeń',
    trigger: 'ticket.created',
    conditions: { keywords: ['reklamacja'] },
    actions: [
      { type: 'add-tags', tags: ['reklamacja'] },
      { type: 'set-status', status: 'waiting_department' },
      { type: 'hold-collections', reason: 'reklamacja' },
      {
        type: 'notify',
        text: 'Reklamacja {{number}}: proszę sprawdzić rozliczenia klienta.',
        queues: ['rozliczenia'],
        slack: { channel: BILLING_CHANNEL },
      },
      { type: 'send-template', templates: { pl: TOLD_FORWARDED } },
    ],
  });
  await rule({
    name: 'Rozliczenia odpowiedziały',
    trigger: 'status.changed',
    conditions: { statusTo: ['open'], tags: ['reklamacja'] },
    actions: [{ type: 'send-template', templates: { pl: TOLD_ANSWERED } }],
  });
  await rule({
    name: 'Reklamacja zamknięta',
    trigger: 'status.changed',
    conditions: { statusTo: ['closed'], tags: ['reklamacja'] },
    actions: [{ type: 'send-template', templates: { pl: TOLD_CLOSED } }],
  });

  // 1. The customer complains by e-mail.
  const contact = buildEmailContact({
    subject: 'Reklamacja faktury FV/2026/11/042',
    text: 'Dzień dobry, składam reklamację: faktura zawiera usługę, której nie zamawiałam. Proszę o korektę.',
  });
  await publisher.publish('contact.received.v1', { workspaceId, key: contact.from[0].value, payload: contact });
  const forwarded = await waitFor('the complaint with billing', async () => {
    const detail = await detailOf(1);
    const fired = (detail.timeline as Json[]).some((e) => e.kind === 'note' && String(e.text).startsWith('Reguła „'));
    return detail.status === 'waiting_department' && fired ? detail : null;
  });
  const firing = (forwarded.timeline as Json[]).find((e) => e.kind === 'note' && String(e.text).startsWith('Reguła „'));
  expect(String(firing?.text).split('\n')).toEqual([
    'Reguła „Reklamacja do działu rozliczeń” (nowe zgłoszenie)',
    '✓ status → waiting_department, tagi → reklamacja',
    '✓ wstrzymanie windykacji (reklamacja)',
    '✓ powiadomienie: billing-ewa',
    `✓ powiadomienie na Slacku: ${BILLING_CHANNEL}`,
    '✓ odpowiedź z szablonu (pl)',
  ]);
  expect(forwarded).toMatchObject({
    tags: ['reklamacja'],
    collectionsHold: { reason: 'reklamacja', by: 'routing' },
  });
  // The acknowledgement with the number (the workspace's default, e-mail), then the rule's template.
  expect(toldCustomer(forwarded)).toEqual([
    expect.stringContaining('Zarejestrowaliśmy ją jako zgłoszenie nr 1'),
    TOLD_FORWARDED.replace('{{number}}', '1'),
  ]);
  const customerId = forwarded.customerId as string;

  // The hold: readable per customer, and announced for a collections system.
  expect((await api(agent).fetch(`customers/${customerId}/collections-hold`)).body).toMatchObject({
    customerId,
    held: true,
    holds: [{ number: 1, reason: 'reklamacja', by: 'routing' }],
  });
  const held = await probe.waitForEvent('the hold announced', isHoldOf(1));
  expect(held.payload).toMatchObject({ customerId, held: true, reason: 'reklamacja', actor: { id: 'routing' } });

  // Billing is told in Slack and in the app (a note mentioning the queue's members).
  const [post] = await waitFor('billing told in Slack', async () => {
    const posts = slack.in(BILLING_CHANNEL);
    return posts.length > 0 ? posts : null;
  });
  expect(post.args.text).toBe(
    'Zgłoszenie #1 — reguła „Reklamacja do działu rozliczeń” (nowe zgłoszenie)\nReklamacja 1: proszę sprawdzić rozliczenia klienta.',
  );
  const mention = (forwarded.timeline as Json[]).find((e) => e.kind === 'note' && (e.mentions as string[])?.includes(billing.id));
  expect(mention?.text).toBe('Reklamacja 1: proszę sprawdzić rozliczenia klienta.');

  // 2. The agent takes it; billing answers with an internal note and hands it back.
  await command(agent, 'tickets/1', 'PATCH', { assigneeId: agent.id });
  const billingNote = 'Korekta faktury FV/2026/11/042 wystawiona, nadpłata 149,99 zł zwrócona na konto klientki.';
  await command(billing, 'tickets/1/notes', 'POST', { text: billingNote });
  await command(billing, 'tickets/1', 'PATCH', { status: 'open' });
  const answered = await waitFor('the customer told billing answered', async () => {
    const detail = await detailOf(1);
    return toldCustomer(detail).length === 3 ? detail : null;
  });
  expect(answered).toMatchObject({ status: 'open', assigneeId: agent.id, collectionsHold: { reason: 'reklamacja' } });
  expect(
    (answered.timeline as Json[]).some((e) => e.kind === 'note' && e.text === billingNote && e.authorId === billing.id),
  ).toBe(true);
  expect(toldCustomer(answered)[2]).toBe(TOLD_ANSWERED.replace('{{number}}', '1'));

  // 3. The agent settles it: closing releases the hold, and the customer is told.
  await command(agent, 'tickets/1', 'PATCH', { status: 'closed' });
  const closed = await waitFor('the hold released and the customer told', async () => {
    const detail = await detailOf(1);
    return detail.collectionsHold === null && toldCustomer(detail).length === 4 ? detail : null;
  });
  expect(toldCustomer(closed)[3]).toBe(TOLD_CLOSED.replace('{{number}}', '1'));
  expect((await api(agent).fetch(`customers/${customerId}/collections-hold`)).body).toEqual({
    customerId,
    held: false,
    holds: [],
  });
  await probe.waitForEvent('the release announced', (e) => isHoldOf(1)(e) && !e.payload.held);
  expect(holdEvents(1).map((e) => e.payload.held)).toEqual([true, false]);
  expect(holdEvents(1)[1].payload).toMatchObject({ reason: 'reklamacja', actor: { kind: 'system' } });

  // Each rule fired once, named on the timeline.
  await waitForGroupToCatchUp(routingGroup, [TOPICS.ticketEvents.name]);
  const firings = ((await detailOf(1)).timeline as Json[])
    .filter((e) => e.kind === 'note' && String(e.text).startsWith('Reguła „'))
    .map((e) => String(e.text).split('\n')[0]);
  expect(firings).toEqual([
    'Reguła „Reklamacja do działu rozliczeń” (nowe zgłoszenie)',
    'Reguła „Rozliczenia odpowiedziały” (zmiana statusu)',
    'Reguła „Reklamacja zamknięta” (zmiana statusu)',
  ]);
});
