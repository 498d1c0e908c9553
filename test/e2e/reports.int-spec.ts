// A supervisor reads the office's figures through the gateway: contacts and
// ticket events go onto the real Kafka topics, the reporting service projects
// them into its read models in the real store, and the reports answer what
// happened, by local day in Europe/Warsaw. Then the read models are dropped
// and rebuilt from the topics, and every report answers the same; and an
// upgrade over read models of an older projection rebuilds them by itself.
// Real: Kafka, the store, gateway, reporting. The events are published as the
// tickets service and the channels publish them.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import {
  createEnvelope,
  REPORT_NAMES,
  TOPICS,
  type PayloadInputOf,
  type SlaTarget,
  type TicketState,
} from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import { connectMongo } from '@threadline/persistence';
import {
  buildContact,
  buildEmailContact,
  buildTicketState,
  commonTestEnv,
  consumerGroupStartingNow,
  startService,
  testInfra,
  testPublisher,
  waitFor,
  waitForGroupToCatchUp,
  type Json,
  type RunningService,
  gatewayTestEnv,
} from '@threadline/testing';
import { gatewayService } from '../../services/gateway/src/app.module';
import { reportingService } from '../../services/reporting/src/app.module';
import { PROJECTION_VERSION } from '../../services/reporting/src/projection/projection-version';
import { accessTokenOf, logIn, newWorkspace, seedAgents, type AgentCall, type TestAgent } from './workspace-agents';

const TOPICS_READ = [TOPICS.contactReceived.name, TOPICS.ticketEvents.name, TOPICS.slaEvents.name];
const ws = newWorkspace('bok');
const other = newWorkspace('hurt');
const agents: Record<'supervisor' | 'agent' | 'otherAdmin', TestAgent> = {
  supervisor: { workspace: ws, email: 'kierownik@firma.test', role: 'supervisor' },
  agent: { workspace: ws, email: 'ola@firma.test', role: 'agent' },
  otherAdmin: { workspace: other, email: 'admin@hurt.test', role: 'admin' },
};
// This office opens at 10:00 (Monday–Friday, Warsaw): business time leaves out the hour before.
const reportingEnv = {
  ...commonTestEnv('reporting'),
  REPORTING_BUSINESS_CALENDARS: JSON.stringify({ [ws.id]: { open: [{ days: [1, 2, 3, 4, 5], from: '10:00', to: '16:00' }] } }),
};
const gatewayEnv = gatewayTestEnv();
const channels = testPublisher('channel-voice');
const tickets = testPublisher('tickets');
const sla = testPublisher('sla');
let liveGroup: string;
let replayGroup: string;
let reporting: RunningService;
let gateway: RunningService;
let call: AgentCall<keyof typeof agents>;

beforeAll(async () => {
  await seedAgents(gatewayEnv, Object.values(agents));
  // Both groups start where the topics end now: the replay group rebuilds from the same first event as the live one.
  liveGroup = await consumerGroupStartingNow('reporting', TOPICS_READ);
  replayGroup = await consumerGroupStartingNow('reporting-replay', TOPICS_READ);
  reporting = await startService(reportingService, { ...reportingEnv, REPORTING_CONSUMER_GROUP: liveGroup });
  gateway = await startService(gatewayService, {
    ...gatewayEnv,
    TICKETS_URL: 'http://127.0.0.1:9',
    REPORTING_URL: reporting.internalUrl,
  });
  call = await logIn(gateway.url, agents);
  await Promise.all([channels.connect(), tickets.connect(), sla.connect()]);
}, 90_000);

afterAll(async () => {
  await gateway?.close();
  await reporting?.close();
  await Promise.all([channels.disconnect(), tickets.disconnect(), sla.disconnect()]);
});

const calls = (outcome: 'answered' | 'abandoned', waitSeconds: number, receivedAt: string) =>
  buildContact('voice', [{ kind: 'phone', value: '+48601222333' }], {
    queue: null,
    receivedAt,
    call: {
      outcome,
      queue: 'infolinia',
      waitSeconds,
      talkSeconds: 60,
      durationSeconds: 90,
      recordingUrl: null,
      recordingSeconds: null,
    },
  });

const state = buildTicketState;

/** One ticket's events, published as the tickets service does (keyed by ticket, versioned). */
function ticketStory(ticketId: string, number: number, channel: 'email' | 'sms' | 'chat') {
  let version = 0;
  const ref = () => ({ ticketId, number, version: ++version });
  const publish = <T extends 'ticket.created.v1' | 'ticket.message-added.v1' | 'ticket.updated.v1'>(type: T, payload: object) =>
    tickets.publish(type, { workspaceId: ws.id, key: ticketId, payload: { ...ref(), ...payload } as PayloadInputOf<T> });
  const message = (direction: 'inbound' | 'outbound', at: string, authorId: string | null = null) =>
    publish('ticket.message-added.v1', { messageId: randomUUID(), customerId: 'c-1', channel, direction, authorId, at });
  return {
    created: (at: string, s: TicketState = state(), customerTier: 'vip' | 'standard' | null = null) =>
      publish('ticket.created.v1', {
        customerId: 'c-1',
        subject: 'Zamówienie',
        channel,
        previousTicketId: null,
        state: s,
        customerTier,
        createdAt: at,
      }),
    inbound: (at: string) => message('inbound', at),
    reply: (at: string, authorId: string | null) => message('outbound', at, authorId),
    update: (at: string, s: TicketState) =>
      publish('ticket.updated.v1', { actor: { kind: 'agent', id: 'ola' }, changes: {}, state: s, at }),
  };
}

/** The sla service's word on a ticket's clock: targets ended, and breaches, under a policy. */
function slaStory(ticketId: string, number: number, policyId: string, policyName: string) {
  let revision = 0;
  const ref = (at: string) => ({
    ticketId,
    number,
    policyId,
    policyName,
    summary: { state: 'ok' as const, dueAt: null, revision: ++revision },
    at,
  });
  return {
    ended: (at: string, ...ended: { target: SlaTarget; breached?: boolean; outcome?: 'met' | 'stopped' }[]) =>
      sla.publish('sla.clock-changed.v1', {
        workspaceId: ws.id,
        key: ticketId,
        payload: {
          ...ref(at),
          ended: ended.map((e) => ({ target: e.target, cycle: 1, outcome: e.outcome ?? 'met', breached: e.breached ?? false })),
        },
      }),
    breached: (at: string, target: SlaTarget) =>
      sla.publish('sla.breached.v1', {
        workspaceId: ws.id,
        key: ticketId,
        payload: { ...ref(at), target, cycle: 1, dueAt: at },
      }),
  };
}

async function publishRaw(topic: string, value: object): Promise<void> {
  const producer = new Kafka({
    clientId: 'raw',
    brokers: testInfra().kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
  }).producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key: 'k', value: JSON.stringify(value) }] });
  await producer.disconnect();
}

async function publishTheWeek(publisher: EventPublisher): Promise<void> {
  // A newer producer's event comes first: counted, skipped, and nothing after it is held up.
  await publishRaw(TOPICS.contactReceived.name, {
    ...createEnvelope({
      type: 'contact.received.v2',
      version: 2,
      source: 'channel-email',
      workspaceId: ws.id,
      key: 'k',
      payload: { anything: 1 },
    }),
  });
  const contact = (payload: PayloadInputOf<'contact.received.v1'>, id?: string) =>
    publisher.publish('contact.received.v1', { workspaceId: ws.id, key: 'customer', payload, id });
  // Monday 2 November 2026, Warsaw (UTC+1).
  const mail = buildEmailContact({ queue: 'reklamacje', receivedAt: '2026-11-02T08:00:00Z' });
  const mailId = randomUUID();
  await contact(mail, mailId);
  await contact(mail, mailId); // redelivered: counted once
  await contact(calls('answered', 12, '2026-11-02T09:00:00Z'));
  await contact(calls('abandoned', 45, '2026-11-02T09:05:00Z'));
  await contact(calls('answered', 25, '2026-11-02T09:10:00Z'));
  // 23:30 UTC on Monday is 00:30 on Tuesday in Warsaw.
  await contact(buildContact('sms', [{ kind: 'phone', value: '+48601222444' }], { receivedAt: '2026-11-02T23:30:00Z' }));
  // Another workspace's contact is not this workspace's figure.
  await publisher.publish('contact.received.v1', {
    workspaceId: other.id,
    key: 'x',
    payload: buildEmailContact({ receivedAt: '2026-11-02T10:00:00Z' }),
  });

  // Ticket 1 (e-mail): acknowledged at once, answered by Ola after 30 min, categorised, closed: first contact resolved.
  const t1 = ticketStory(`t1-${ws.id}`, 1, 'email');
  await t1.created('2026-11-02T08:00:00Z', state({ queue: 'reklamacje' }), 'vip');
  await t1.inbound('2026-11-02T08:00:00Z');
  await t1.reply('2026-11-02T08:00:05Z', null);
  await t1.reply('2026-11-02T08:30:00Z', 'ola');
  await t1.update(
    '2026-11-02T08:31:00Z',
    state({ status: 'open', queue: 'reklamacje', category: 'Reklamacja żółta', assigneeId: 'ola' }),
  );
  await t1.update(
    '2026-11-02T09:00:00Z',
    state({ status: 'closed', queue: 'reklamacje', category: 'Reklamacja żółta', assigneeId: 'ola' }),
  );
  // Ticket 2 (SMS): Piotr answers after 2 h, the customer writes again, answered in 15 min, closed, reopened next day.
  const t2 = ticketStory(`t2-${ws.id}`, 2, 'sms');
  const piotrs = state({ status: 'open', assigneeId: 'piotr' });
  await t2.created('2026-11-03T10:00:00Z');
  await t2.reply('2026-11-03T12:00:00Z', 'piotr');
  await t2.update('2026-11-03T12:00:01Z', piotrs);
  await t2.inbound('2026-11-03T13:00:00Z');
  await t2.reply('2026-11-03T13:15:00Z', 'piotr');
  await t2.update('2026-11-03T14:00:00Z', { ...piotrs, status: 'closed' });
  await t2.inbound('2026-11-04T10:00:00Z');
  await t2.update('2026-11-04T10:00:00Z', piotrs);
  // Ticket 3 (chat): waiting.
  const t3 = ticketStory(`t3-${ws.id}`, 3, 'chat');
  await t3.created('2026-11-04T10:00:00Z');

  // The SLA: ticket 1 (VIP policy) answered and resolved in time; ticket 2 (standard) answered after its 1-hour breach,
  // resolved in time; ticket 3 (standard) closed unanswered would stop its first response: neither met nor breached.
  const vip = slaStory(`t1-${ws.id}`, 1, 'p-vip', 'VIP — priorytet');
  await vip.ended('2026-11-02T08:30:00Z', { target: 'firstResponse' });
  await vip.ended('2026-11-02T09:00:00Z', { target: 'resolution' });
  const standard = slaStory(`t2-${ws.id}`, 2, 'p-std', 'Standard');
  await standard.breached('2026-11-03T11:00:00Z', 'firstResponse');
  await standard.ended('2026-11-03T12:00:00Z', { target: 'firstResponse', breached: true });
  await standard.ended('2026-11-03T13:15:00Z', { target: 'nextResponse' });
  await standard.ended('2026-11-03T14:00:00Z', { target: 'resolution' });
  await slaStory(`t3-${ws.id}`, 3, 'p-std', 'Standard').ended('2026-11-04T10:00:00Z', {
    target: 'firstResponse',
    outcome: 'stopped',
  });

  // Ticket 4 (e-mail), 1 December: the customer of ticket 1 again; an agent gives it ticket 1's category and closes it.
  const t4 = ticketStory(`t4-${ws.id}`, 4, 'email');
  await t4.created('2026-12-01T09:00:00Z');
  await t4.update('2026-12-01T09:30:00Z', state({ status: 'closed', category: 'Reklamacja żółta' }));
}

const week = '?from=2026-11-02&to=2026-11-04';
const december = '?from=2026-12-01&to=2026-12-01';
/** A whole local year: read from the year roll-ups. */
const year = '?from=2026-01-01&to=2026-12-31';
const report = (name: string, query = week) => call('supervisor', 'GET', `/api/v1/reports/${name}${query}`);

async function allReports(query = week): Promise<Record<string, Json>> {
  const answers: Record<string, Json> = {};
  for (const name of REPORT_NAMES) answers[name] = (await report(name, query)).body;
  return answers;
}

let figuresBeforeReplay: Record<string, Json>;
let yearBeforeReplay: Record<string, Json>;
let recurringBeforeReplay: Json;

it('answers volume, response times, resolution, backlog, reopens, first contact resolution, agents and calls from the events', async () => {
  await publishTheWeek(channels);
  await waitForGroupToCatchUp(liveGroup, TOPICS_READ);

  const volume = await report('volume');
  expect(volume.status).toBe(200);
  expect(volume.body).toMatchObject({
    report: 'volume',
    timeZone: 'Europe/Warsaw',
    period: { from: '2026-11-02', to: '2026-11-04' },
  });
  expect(volume.body.figures).toMatchObject({
    contacts: 5,
    tickets: 3,
    by: {
      channel: [
        { value: 'chat', contacts: 0, tickets: 1 },
        { value: 'email', contacts: 1, tickets: 1 },
        { value: 'sms', contacts: 1, tickets: 1 },
        { value: 'voice', contacts: 3, tickets: 0 },
      ],
      category: [
        { value: '(none)', tickets: 2 },
        { value: 'Reklamacja żółta', tickets: 1 },
      ],
      agent: [
        { value: '(unassigned)', tickets: 1 },
        { value: 'ola', tickets: 1 },
        { value: 'piotr', tickets: 1 },
      ],
    },
  });
  // Monday 09:00 in Warsaw: the mail and its ticket; Tuesday 00:30: the SMS.
  expect(volume.body.figures.hourOfWeek).toEqual(
    expect.arrayContaining([
      { weekday: 1, hour: 9, contacts: 1, tickets: 1 },
      { weekday: 2, hour: 0, contacts: 1, tickets: 0 },
    ]),
  );
  expect((await report('volume', '?from=2026-11-03&to=2026-11-03&channel=sms')).body.figures).toMatchObject({
    contacts: 1,
    tickets: 1,
  });
  expect((await report('volume', '?from=2026-11-02&to=2026-11-02&channel=sms')).body.figures).toMatchObject({
    contacts: 0,
    tickets: 0,
  });

  const responses = (await report('response-times')).body;
  expect(responses.figures).toMatchObject({
    firstResponse: { count: 2, averageSeconds: 4500, medianSeconds: 1800, p90Seconds: 7200, maxSeconds: 7200 },
    nextResponse: { count: 1, averageSeconds: 900, medianSeconds: 900, p90Seconds: 900, maxSeconds: 900 },
  });
  // In business time ticket 1's answer (09:00–09:30 in Warsaw, before opening) took nothing; ticket 2's two hours count.
  expect(responses.figures.business).toMatchObject({
    firstResponse: { count: 2, averageSeconds: 3600, maxSeconds: 7200 },
    nextResponse: { count: 1, averageSeconds: 900, maxSeconds: 900 },
  });
  expect(responses.definitions.business).toMatch(/open hours/);
  expect(responses.definitions.firstResponse).toMatch(/acknowledgements do not count/);
  expect((await report('response-times', `${week}&agent=piotr`)).body.figures.firstResponse).toMatchObject({
    count: 1,
    maxSeconds: 7200,
  });
  // Filters combine: Piotr's answers on SMS are his answers; on e-mail he answered none.
  const piotrOnSms = (await report('response-times', `${week}&agent=piotr&channel=sms`)).body;
  expect(piotrOnSms.filters).toEqual([
    { kind: 'channel', value: 'sms' },
    { kind: 'agent', value: 'piotr' },
  ]);
  expect(piotrOnSms.figures.firstResponse).toMatchObject({ count: 1, maxSeconds: 7200 });
  expect((await report('response-times', `${week}&agent=piotr&channel=email`)).body.figures.firstResponse.count).toBe(0);
  // The VIP e-mail ticket of the complaints queue, categorised: tickets by three filters; contacts have no tier.
  expect(
    (await report('volume', `${week}&channel=email&queue=reklamacje&category=${encodeURIComponent('Reklamacja żółta')}&tier=vip`))
      .body.figures,
  ).toMatchObject({ tickets: 1, contacts: null });
  expect((await report('volume', `${week}&channel=sms&queue=reklamacje`)).body.figures).toMatchObject({ tickets: 0 });
  expect((await report('backlog', `${week}&channel=sms&agent=piotr`)).body.figures).toMatchObject({ open: 1 });
  expect((await report('agents', `${week}&channel=sms`)).body.figures.agents).toEqual([
    expect.objectContaining({ agentId: 'piotr', replies: 2 }),
  ]);

  expect((await report('resolution')).body.figures).toMatchObject({
    closed: 2,
    resolution: { count: 2, averageSeconds: 9000, medianSeconds: 3600, p90Seconds: 14_400, maxSeconds: 14_400 },
    business: { resolution: { count: 2, averageSeconds: 7200, maxSeconds: 14_400 } },
  });
  expect((await report('backlog')).body.figures).toMatchObject({
    open: 2,
    // Tickets 2 and 3, opened on 3 and 4 November, are still open: over a month old by now.
    age: { oldestOpenedOn: '2026-11-03', byAge: expect.arrayContaining([{ age: '30+ days', open: 2 }]) },
    opened: 3,
    closed: 2,
    by: {
      channel: [
        { value: 'chat', open: 1 },
        { value: 'sms', open: 1 },
      ],
    },
  });
  expect((await report('reopen-rate')).body.figures).toEqual({ closed: 2, reopened: 1, reopenRate: 0.5 });
  // The whole of November is read from its month roll-up, and holds the same week; October has nothing.
  const november = (await report('volume', '?from=2026-11-01&to=2026-11-30')).body.figures;
  expect(november).toMatchObject({ tickets: 3, contacts: volume.body.figures.contacts });
  expect(november.by.channel).toEqual(volume.body.figures.by.channel);
  expect((await report('resolution', '?from=2026-10-01&to=2026-11-30')).body.figures.closed).toBe(2);
  expect((await report('volume', '?from=2026-10-01&to=2026-10-31')).body.figures).toMatchObject({ tickets: 0, contacts: 0 });
  const fcr = (await report('first-contact-resolution')).body;
  expect(fcr.figures).toMatchObject({ closed: 2, resolvedAtFirstContact: 1, firstContactResolution: 0.5 });
  expect(fcr.definitions.firstContactResolution).toMatch(/^closed with one agent answer and no reopen within 7 days/);
  expect((await report('agents')).body.figures.agents).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        agentId: 'ola',
        replies: 1,
        closed: 1,
        resolvedAtFirstContact: 1,
        firstResponseAverageSeconds: 1800,
      }),
      expect.objectContaining({ agentId: 'piotr', replies: 2, closed: 1, resolvedAtFirstContact: 0 }),
    ]),
  );
  expect((await report('calls')).body.figures).toEqual({
    offered: 3,
    answered: 2,
    abandoned: 1,
    otherOutcomes: 0,
    averageWaitSeconds: 27,
    longestWaitSeconds: 45,
    serviceLevel: { seconds: 20, answeredWithin: 1, share: 0.3333 },
  });
  expect((await report('calls', `${week}&serviceLevelSeconds=30`)).body.figures.serviceLevel).toEqual({
    seconds: 30,
    answeredWithin: 2,
    share: 0.6667,
  });

  // Monday 10:00–11:00 in Warsaw had 3 calls, and Monday came once in the period: 3 calls an hour need 2 agents for 80 % in 20 s.
  const staffing = (await report('staffing', `${week}&channel=voice&handleSeconds=300`)).body;
  expect(staffing.figures.hours).toEqual([
    { weekday: 1, hour: 10, contactsPerHour: 3, agents: 2, serviceLevel: expect.any(Number) },
  ]);
  expect(staffing.definitions.agents).toMatch(/Erlang C/);

  // Contact reasons: the categories of the period's tickets, most frequent first; a filter cannot apply.
  expect((await report('top-reasons')).body.figures).toEqual({
    tickets: 3,
    recurring: 0,
    recurringDefinition: expect.stringMatching(/same category opened at most 30 days before/),
    reasons: [
      { rank: 1, category: '(none)', tickets: 2, share: 0.6667, closed: 1, reopened: 1, reopenRate: 1, recurring: 0 },
      { rank: 2, category: 'Reklamacja żółta', tickets: 1, share: 0.3333, closed: 1, reopened: 0, reopenRate: 0, recurring: 0 },
    ],
  });
  // The same customer's complaint again 29 days later (categorised only then): a recurring problem, on the day it came.
  expect((await report('top-reasons', december)).body.figures).toMatchObject({
    tickets: 1,
    recurring: 1,
    reasons: [{ rank: 1, category: 'Reklamacja żółta', tickets: 1, recurring: 1 }],
  });
  const filtered = await report('top-reasons', `${week}&channel=sms`);
  expect(filtered.status).toBe(400);
  expect(filtered.body.errors).toEqual([{ field: 'channel', reason: 'top-reasons breaks down the whole workspace: no filter' }]);

  // SLA compliance per policy: met in time ÷ (met in time + breached); a late answer is no met target.
  const compliance = (await report('sla')).body;
  expect(compliance.figures.targets.firstResponse).toEqual({ met: 1, breached: 1, metLate: 1, compliance: 0.5 });
  expect(compliance.figures.targets.resolution).toEqual({ met: 2, breached: 0, metLate: 0, compliance: 1 });
  expect(compliance.figures.breaches).toBe(1);
  expect(compliance.figures.policies.map((p: Json) => [p.policyName, p.breaches, p.targets.firstResponse.compliance])).toEqual([
    ['Standard', 1, 0],
    ['VIP — priorytet', 0, 1],
  ]);
  expect(compliance.definitions.compliance).toMatch(/met in time divided by runs met in time or breached/);
  expect((await report('sla', `${week}&tier=vip`)).status).toBe(400);

  // The customer's tier as the ticket knew it: a breakdown and a filter.
  expect(volume.body.figures.by.tier).toEqual([
    { value: '(unknown)', contacts: null, tickets: 2 },
    { value: 'vip', contacts: null, tickets: 1 },
  ]);
  expect((await report('response-times', `${week}&tier=vip`)).body.figures.firstResponse).toMatchObject({
    count: 1,
    maxSeconds: 1800,
  });
  const gold = await report('volume', `${week}&tier=gold`);
  expect(gold.status).toBe(400);
  expect(gold.body.errors.map((e: Json) => e.field)).toEqual(['tier']);

  // The other workspace sees its own contact only.
  const others = await call('otherAdmin', 'GET', `/api/v1/reports/volume${week}`);
  expect(others.body.figures).toMatchObject({ contacts: 1, tickets: 0 });

  const metrics = await (await fetch(`${reporting.url}/metrics`)).text();
  expect(metrics).toMatch(/threadline_reporting_events_skipped_total\{[^}]*type="contact.received.v2"[^}]*\} 1/);
  figuresBeforeReplay = await allReports();
  recurringBeforeReplay = (await report('top-reasons', december)).body;

  // The whole year (its roll-ups) has what its months and days have (nothing happened on 31 December).
  yearBeforeReplay = await allReports(year);
  for (const name of [
    'volume',
    'response-times',
    'resolution',
    'reopen-rate',
    'first-contact-resolution',
    'agents',
    'calls',
    'sla',
  ]) {
    const fromMonthsAndDays = (await report(name, '?from=2026-01-01&to=2026-12-30')).body;
    expect([name, yearBeforeReplay[name].figures]).toEqual([name, fromMonthsAndDays.figures]);
  }
  expect(yearBeforeReplay.volume.figures).toMatchObject({ tickets: 4 });
}, 120_000);

it('exports every report as CSV in UTF-8 with a byte order mark, Polish letters intact', async () => {
  const authorization = `Bearer ${await accessTokenOf(gateway.url, agents.supervisor)}`;
  for (const name of REPORT_NAMES) {
    const response = await fetch(`${gateway.url}/api/v1/reports/${name}${week}&format=csv`, {
      headers: { authorization },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${name}_2026-11-02_2026-11-04.csv"`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  }
  const volume = await fetch(`${gateway.url}/api/v1/reports/volume${week}&format=csv`, { headers: { authorization } });
  const text = Buffer.from(await volume.arrayBuffer())
    .subarray(3)
    .toString('utf8');
  expect(text.split('\r\n')).toEqual(
    expect.arrayContaining([
      'dimension,value,contacts,tickets',
      'total,,5,3',
      'category,Reklamacja żółta,,1',
      'hour_of_week,wtorek 00:00,1,0',
    ]),
  );
});

it('refuses a period that is too long, a malformed filter and agents, naming what is wrong', async () => {
  const tooLong = await report('volume', '?from=2025-01-01&to=2026-11-04');
  expect(tooLong.status).toBe(400);
  expect(tooLong.body.errors).toEqual([{ field: 'to', reason: 'the period may be at most 366 days' }]);
  const bad = await report('calls', '?from=2026-02-30&to=2026-03-01&channel=fax&serviceLevelSeconds=25');
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: Json) => e.field).sort()).toEqual(['channel', 'from', 'serviceLevelSeconds']);
  // Filters combine, and each malformed one is named.
  const twoBad = await report('volume', `${week}&channel=fax&queue=reklamacje&tier=gold`);
  expect(twoBad.status).toBe(400);
  expect(twoBad.body.errors.map((e: Json) => e.field).sort()).toEqual(['channel', 'tier']);
  expect((await report('nps')).status).toBe(400);
  expect((await call('agent', 'GET', `/api/v1/reports/volume${week}`)).status).toBe(403);
});

it('gives the same figures after the read models are dropped and rebuilt from the topics', async () => {
  await reporting.close();
  const store = await connectMongo(reportingEnv.MONGO_URL, reportingEnv.MONGO_DATABASE);
  await store.dropDatabase();
  await store.close();
  reporting = await startService(reportingService, { ...reportingEnv, REPORTING_CONSUMER_GROUP: replayGroup });
  await gateway.close();
  gateway = await startService(gatewayService, {
    ...gatewayEnv,
    TICKETS_URL: 'http://127.0.0.1:9',
    REPORTING_URL: reporting.internalUrl,
  });
  call = await logIn(gateway.url, agents);
  await waitForGroupToCatchUp(replayGroup, TOPICS_READ);
  expect(await allReports()).toEqual(figuresBeforeReplay);
  expect((await report('top-reasons', december)).body).toEqual(recurringBeforeReplay);
  expect(await allReports(year)).toEqual(yearBeforeReplay);
}, 120_000);

it('rebuilds by itself when its read models were projected by an older version, answering REPORTS_REBUILDING until done', async () => {
  const month = '?from=2026-11-01&to=2026-11-30';
  const monthBefore: Record<string, Json> = {};
  for (const name of REPORT_NAMES) monthBefore[name] = (await report(name, month)).body;
  await reporting.close();
  // What an installation projected before projection versions existed holds: no marker, and no month roll-ups.
  const store = await connectMongo(reportingEnv.MONGO_URL, reportingEnv.MONGO_DATABASE);
  await store.collection('report_projection').deleteMany({});
  await store.collection('report_monthly').deleteMany({});
  reporting = await startService(reportingService, { ...reportingEnv, REPORTING_CONSUMER_GROUP: replayGroup });
  await gateway.close();
  gateway = await startService(gatewayService, {
    ...gatewayEnv,
    TICKETS_URL: 'http://127.0.0.1:9',
    REPORTING_URL: reporting.internalUrl,
  });
  call = await logIn(gateway.url, agents);

  // The upgrade cleared the read models and replays the topics from the beginning in a group of its own.
  const marker = await store.collection('report_projection').findOne({ _id: 'marker' as never });
  expect(marker).toMatchObject({ version: PROJECTION_VERSION, group: expect.stringMatching(new RegExp(`^${replayGroup}\\.v`)) });
  const waiting: Json[] = [];
  await waitFor(
    'the rebuild to finish',
    async () => {
      const answer = await report('volume', month);
      if (answer.status !== 200) waiting.push({ status: answer.status, code: answer.body.code });
      return answer.status === 200;
    },
    { timeoutMs: 120_000, intervalMs: 250 },
  );
  // Until the replay has reached where the topics ended: no figures of half the history, and a reason.
  for (const answer of waiting) expect(answer).toEqual({ status: 503, code: 'REPORTS_REBUILDING' });
  expect(await store.collection('report_projection').findOne({ _id: 'marker' as never })).toMatchObject({ rebuildUntil: null });
  await store.close();
  expect(await allReports()).toEqual(figuresBeforeReplay);
  for (const name of REPORT_NAMES) expect([name, (await report(name, month)).body]).toEqual([name, monthBefore[name]]);
}, 180_000);
