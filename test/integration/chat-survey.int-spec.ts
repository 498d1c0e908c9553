// The web chat's satisfaction survey on the widget's end screen: an agent
// closes the chat's ticket and the open widget is asked; the visitor ends a
// chat and the end screen asks; a widget that was shut gets the question at
// its next visit; a chat the visitor had ended falls back to e-mail. The answer goes by chat session to the tickets service,
// once (survey.answered.v1 on channel chat), and reaches the satisfaction
// report; an opt-out is remembered for the visitor's next chats.
// Real: Kafka, the store, tickets, channel-social (its socket), reporting.
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import {
  commonTestEnv,
  consumerGroupStartingNow,
  EventProbe,
  startGroupAtEnd,
  startService,
  testInfra,
  ticketsInternalApi,
  uniqueName,
  waitFor,
  type Json,
  type RunningService,
} from '@threadline/testing';
import { channelSocialService } from '../../services/channel-social/src/app.module';
import { reportingService } from '../../services/reporting/src/app.module';
import { ticketsService } from '../../services/tickets/src/app.module';
import { Visitor, type Frame } from './chat-visitor';

const ADMIN = { id: 'admin-ala', role: 'admin' } as const;
const SUPERVISOR = { id: 'kierownik-jan', role: 'supervisor' } as const;
const NOTICE = {
  pl: 'Administratorem danych jest Sklep Żółw sp. z o.o.; ocena służy wyłącznie poprawie obsługi.',
  en: 'Sklep Żółw sp. z o.o. controls your data; we use your score only to improve our service.',
};

const workspaceId = uniqueName('ws');
const probe = new EventProbe(testInfra().kafkaBrokers.split(','));
let tickets: RunningService;
let social: RunningService;
let reporting: RunningService;

beforeAll(async () => {
  await probe.start([TOPICS.ticketEvents.name, TOPICS.outboundRequested.name]);
  const ticketsGroup = await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name, TOPICS.deliveryStatus.name]);
  // The survey group reads from the end on its first start: put its end at now, before any ticket is closed.
  await startGroupAtEnd(`${ticketsGroup}.surveys`, [TOPICS.ticketEvents.name]);
  tickets = await startService(ticketsService, {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: ticketsGroup,
    // A visitor who writes after their ticket was closed opens a new one (not a reopen), as after a week.
    TICKETS_REOPEN_DAYS: '0.000001',
  });
  social = await startService(channelSocialService, {
    ...commonTestEnv('channel-social'),
    CHAT_WORKSPACES: workspaceId,
    CHAT_AGENTS_ONLINE: 'true',
    CHAT_CONSUMER_GROUP: await consumerGroupStartingNow('chat', [TOPICS.outboundRequested.name, TOPICS.chatSignals.name]),
    SLACK_ENABLED: 'false',
    TICKETS_URL: tickets.internalUrl,
  });
  reporting = await startService(reportingService, {
    ...commonTestEnv('reporting'),
    REPORTING_CONSUMER_GROUP: await consumerGroupStartingNow('reporting', [
      TOPICS.contactReceived.name,
      TOPICS.ticketEvents.name,
    ]),
  });
  const saved = await tickets
    .internalApi(workspaceId, ADMIN)
    .fetch('surveys/settings', { method: 'PUT', body: { enabled: true, scale: 'csat', surveyNotice: NOTICE } });
  expect(saved.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await reporting?.close();
  await social?.close();
  await tickets?.close();
  await probe.stop();
});

const ticketApi = () => ticketsInternalApi(tickets, workspaceId);
const answers = () =>
  probe
    .events()
    .filter((e) => e.type === 'survey.answered.v1' && e.workspaceId === workspaceId) as TypedEnvelope<'survey.answered.v1'>[];

/** A visitor who has written one message (acked: the contact is on Kafka) and whose ticket `number` exists. */
async function chattingVisitor(number: number, text: string, visitorId?: string): Promise<{ visitor: Visitor; welcome: Frame }> {
  const visitor = new Visitor(social, visitorId);
  const welcome = await visitor.connect({ workspace: workspaceId });
  expect(await visitor.say(text)).toMatchObject({ type: 'ack' });
  await ticketApi().ticketWhen(`ticket #${number} from the chat`, (t) => t.channel === 'chat', number);
  return { visitor, welcome };
}

/** Ola takes ticket `number` into the shop's queue and closes it. */
async function closeAsAgent(number: number): Promise<void> {
  const api = tickets.internalApi(workspaceId);
  expect(
    (await api.fetch(`tickets/${number}`, { method: 'PATCH', body: { assigneeId: 'agent-ola', queue: 'sklep' } })).status,
  ).toBe(200);
  expect((await api.fetch(`tickets/${number}`, { method: 'PATCH', body: { status: 'closed' } })).status).toBe(200);
}

/** The server's answer to a survey frame: `survey-answered`, or an error. */
async function answerSurvey(visitor: Visitor, answer: Json): Promise<Frame> {
  const before = visitor.frames.length;
  visitor.send({ type: 'survey', ...answer });
  return waitFor('the answer to the survey frame', () =>
    visitor.frames.slice(before).find((f) => f.type === 'survey-answered' || f.type === 'error'),
  );
}

it('asks the open widget when an agent closes the ticket; the first score counts, once, and reaches the report', async () => {
  const { visitor, welcome } = await chattingVisitor(1, 'Dzień dobry, gdzie jest moja paczka?');
  expect(welcome.survey).toBeNull();
  await closeAsAgent(1);

  const { survey } = await visitor.next('survey');
  expect(survey).toEqual({
    sessionId: welcome.sessionId,
    number: 1,
    scale: 'csat',
    min: 1,
    max: 5,
    question: {
      pl: 'Jak oceniasz obsługę zgłoszenia nr 1? (1 – bardzo źle, 5 – bardzo dobrze)',
      en: 'How satisfied are you with how we handled request #1? (1 – very dissatisfied, 5 – very satisfied)',
    },
    notice: NOTICE,
  });

  expect(await answerSurvey(visitor, { sessionId: welcome.sessionId, score: 7 })).toMatchObject({
    type: 'error',
    code: 'SURVEY_SCORE_OUT_OF_RANGE',
    message: 'score must be 1–5',
  });
  expect(await answerSurvey(visitor, { sessionId: welcome.sessionId, score: 5 })).toEqual({
    type: 'survey-answered',
    sessionId: welcome.sessionId,
    outcome: 'answered',
  });
  expect(await answerSurvey(visitor, { sessionId: welcome.sessionId, score: 1 })).toMatchObject({
    type: 'error',
    code: 'SURVEY_ALREADY_ANSWERED',
  });
  expect(await answerSurvey(visitor, { sessionId: welcome.sessionId })).toMatchObject({ type: 'error', code: 'BAD_FRAME' });
  await visitor.disconnect();

  const ticketId = (await ticketApi().get('tickets/1')).body.id as string;
  const answered = await waitFor('the answer on Kafka', () => answers().find((a) => a.payload.ticketId === ticketId));
  expect(answered.payload).toMatchObject({
    number: 1,
    channel: 'chat',
    scale: 'csat',
    score: 5,
    agentId: 'agent-ola',
    queue: 'sklep',
  });

  const report = await waitFor('the answer in the satisfaction report', async () => {
    const { status, body } = await reporting.internalApi(workspaceId, SUPERVISOR).fetch('reports/satisfaction');
    return status === 200 && body.figures.csat.answers === 1 ? body : null;
  });
  expect(report.figures.csat).toMatchObject({ answers: 1, average: 5 });
  expect(report.figures.breakdowns.channel).toEqual([expect.objectContaining({ value: 'chat' })]);
  expect(report.figures.breakdowns.agent).toEqual([expect.objectContaining({ value: 'agent-ola' })]);
  // The refused second score published nothing.
  expect(answers().filter((a) => a.payload.ticketId === ticketId)).toHaveLength(1);

  // Back on the page: the answered survey is not asked again.
  const back = new Visitor(social, visitor.visitorId);
  expect((await back.connect({ workspace: workspaceId })).survey).toBeNull();
  await back.disconnect();
});

it('asks on the end screen when the visitor ends the chat; "no more surveys" is remembered for their next chats', async () => {
  const { visitor, welcome } = await chattingVisitor(2, 'Czy mogę zmienić adres dostawy?');
  visitor.send({ type: 'close' });
  const closed = await visitor.next('closed');
  expect(closed.survey).toMatchObject({ sessionId: welcome.sessionId, number: 2, min: 1, max: 5 });

  // Someone else's chat, or no chat at all, has no survey to answer.
  const stranger = new Visitor(social);
  await stranger.connect({ workspace: workspaceId });
  expect(await answerSurvey(stranger, { sessionId: welcome.sessionId, score: 1 })).toMatchObject({
    type: 'error',
    code: 'SURVEY_NOT_FOUND',
  });
  expect(await answerSurvey(stranger, { sessionId: `cs_${'x'.repeat(27)}`, score: 1 })).toMatchObject({
    type: 'error',
    code: 'SURVEY_NOT_FOUND',
  });
  await stranger.disconnect();

  expect(await answerSurvey(visitor, { sessionId: welcome.sessionId, optOut: true })).toMatchObject({
    type: 'survey-answered',
    outcome: 'opted-out',
  });
  await visitor.disconnect();

  // The agent closes #2 (no survey: asked already), the visitor comes back with a new question: ticket #3, whose end asks nothing.
  await closeAsAgent(2);
  const { visitor: again, welcome: next } = await chattingVisitor(3, 'Jeszcze jedno: czy jest faktura?', visitor.visitorId);
  expect(next.sessionId).not.toBe(welcome.sessionId);
  again.send({ type: 'close' });
  expect((await again.next('closed')).survey).toBeNull();
  await again.disconnect();
  expect(answers().filter((a) => a.payload.number === 2 || a.payload.number === 3)).toHaveLength(0);
});

it('keeps the question for a widget that was shut when the agent closed the ticket: asked at the next visit', async () => {
  const { visitor, welcome } = await chattingVisitor(4, 'Proszę o kontakt w sprawie zwrotu.');
  await visitor.disconnect();
  await closeAsAgent(4);

  const survey = await waitFor('the question at the next visit', async () => {
    const back = new Visitor(social, visitor.visitorId);
    const hello = await back.connect({ workspace: workspaceId });
    await back.disconnect();
    return hello.survey as Json | null;
  });
  expect(survey).toMatchObject({ sessionId: welcome.sessionId, number: 4 });

  const back = new Visitor(social, visitor.visitorId);
  await back.connect({ workspace: workspaceId });
  expect(await answerSurvey(back, { sessionId: welcome.sessionId, score: 4 })).toMatchObject({ outcome: 'answered' });
  expect((await ticketApi().get('tickets/4')).body.status).toBe('closed');
  await back.disconnect();
});

it('e-mails the survey when the visitor had ended the chat before the agent closed the ticket', async () => {
  const surveysOn = (enabled: boolean) =>
    tickets
      .internalApi(workspaceId, ADMIN)
      .fetch('surveys/settings', { method: 'PUT', body: { enabled, scale: 'csat', surveyNotice: NOTICE } });
  // Surveys were off when the chat ended: its end screen asked nothing.
  expect((await surveysOn(false)).status).toBe(200);
  const visitor = new Visitor(social);
  await visitor.connect({ workspace: workspaceId });
  const written = await visitor.say('Proszę o fakturę na firmę.', { name: 'Ewa Zielińska', email: 'ewa.zielinska@example.pl' });
  expect(written).toMatchObject({ type: 'ack' });
  await ticketApi().ticketWhen('ticket #5 from the chat', (t) => t.channel === 'chat', 5);
  visitor.send({ type: 'close' });
  expect((await visitor.next('closed')).survey).toBeNull();
  await visitor.disconnect();

  expect((await surveysOn(true)).status).toBe(200);
  await closeAsAgent(5);
  const ticketId = (await ticketApi().get('tickets/5')).body.id as string;
  const mail = await waitFor('the survey by e-mail', () =>
    (probe.events() as TypedEnvelope<'outbound.requested.v1'>[]).find(
      (e) =>
        e.type === 'outbound.requested.v1' &&
        e.workspaceId === workspaceId &&
        e.payload.ticketId === ticketId &&
        e.payload.channel === 'email',
    ),
  );
  expect(mail.payload).toMatchObject({
    to: { kind: 'email', value: 'ewa.zielinska@example.pl' },
    subject: 'Jak nam poszło? [#5]',
  });
  expect(mail.payload.text).toContain('Jak oceniasz obsługę zgłoszenia nr 5?');
  expect(mail.payload.text).toMatch(/\/survey\/\S+/);
  expect(mail.payload.text).toContain(NOTICE.pl);
});
