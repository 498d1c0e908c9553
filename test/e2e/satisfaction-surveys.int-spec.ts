// Satisfaction surveys end to end: an admin turns them on with the notice
// texts; a closed e-mailed ticket gets a link to the public survey page
// (Polish/English, no console), a closed SMS ticket gets the question by SMS
// and the customer's "5" is the answer, not a message; "NIE" opts the
// customer out for good; Messenger the same, Slack in the customer's thread; the answers reach reporting (CSAT,
// then NPS once the workspace switches, per agent/queue)
// through the gateway. Real: Kafka, the store, tickets, channel-voice,
// reporting, gateway. Stood in: Twilio's servers (TwilioStandIn).
import { randomBytes, randomInt } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import {
  buildContact,
  buildEmailContact,
  commonTestEnv,
  consumerGroupStartingNow,
  EventProbe,
  inboundSmsParams,
  postSignedWebhook,
  startGroupAtEnd,
  startService,
  testInfra,
  testPublisher,
  TwilioStandIn,
  waitFor,
  waitForGroupToCatchUp,
  type Json,
  type RunningService,
  gatewayTestEnv,
} from '@threadline/testing';
import { channelVoiceService } from '../../services/channel-voice/src/app.module';
import { gatewayService } from '../../services/gateway/src/app.module';
import { reportingService } from '../../services/reporting/src/app.module';
import { ticketsService } from '../../services/tickets/src/app.module';
import { accessTokenOf, logIn, newWorkspace, seedAgents, type AgentCall, type TestAgent } from './workspace-agents';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
const VOICE_PUBLIC_URL = 'https://voice.threadline.test';
/** The survey page's public address as customers reach it; the test opens the links on the gateway it started. */
const SURVEY_PAGE_URL = 'https://bok.sklep-zolw.test';
const OFFICE_NUMBER = `+4822${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
const customerNumber = () => `+4860${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;

const ws = newWorkspace('zolw');
const agents: Record<'admin' | 'supervisor' | 'ola', TestAgent> = {
  admin: { workspace: ws, email: 'admin@zolw.test', role: 'admin' },
  supervisor: { workspace: ws, email: 'kierownik@zolw.test', role: 'supervisor' },
  ola: { workspace: ws, email: 'ola@zolw.test', role: 'agent' },
};
const NOTICE = {
  pl: 'Administratorem danych jest Sklep Żółw sp. z o.o.; ocena służy wyłącznie poprawie obsługi.',
  en: 'Sklep Żółw sp. z o.o. controls your data; we use your score only to improve our service.',
};
const CHAT_NOTICE = { pl: 'Rozmowa jest zapisywana w zgłoszeniu.', en: 'The chat is kept on your request.' };

const gatewayEnv = gatewayTestEnv();
const probe = new EventProbe(testInfra().kafkaBrokers.split(','));
const standIn = new TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN);
const mail = testPublisher('channel-email');
const social = testPublisher('channel-social');
let surveyGroup: string;
let tickets: RunningService;
let voice: RunningService;
let reporting: RunningService;
let gateway: RunningService;
let call: AgentCall<keyof typeof agents>;
let olaId: string;
let adminToken: string;

beforeAll(async () => {
  await standIn.start();
  await probe.start([TOPICS.outboundRequested.name, TOPICS.ticketEvents.name]);
  await Promise.all([mail.connect(), social.connect()]);
  await seedAgents(gatewayEnv, Object.values(agents));
  const ticketsGroup = await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name, TOPICS.deliveryStatus.name]);
  surveyGroup = `${ticketsGroup}.surveys`;
  await startGroupAtEnd(surveyGroup, [TOPICS.ticketEvents.name]);
  tickets = await startService(ticketsService, {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: ticketsGroup,
    TICKETS_SURVEY_PAGE_URL: SURVEY_PAGE_URL,
    // A customer who writes again after a close opens a new ticket (not a reopen), as after a week.
    TICKETS_REOPEN_DAYS: '0.000001',
  });
  voice = await startService(channelVoiceService, {
    ...commonTestEnv('channel-voice'),
    VOICE_NUMBERS: JSON.stringify([{ workspaceId: ws.id, number: OFFICE_NUMBER }]),
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_BASE_URL: VOICE_PUBLIC_URL,
    TWILIO_API_BASE_URL: standIn.url,
    VOICE_SMS_CONSUMER_GROUP: await consumerGroupStartingNow('voice', [TOPICS.outboundRequested.name]),
  });
  reporting = await startService(reportingService, {
    ...commonTestEnv('reporting'),
    REPORTING_CONSUMER_GROUP: await consumerGroupStartingNow('reporting', [
      TOPICS.contactReceived.name,
      TOPICS.ticketEvents.name,
    ]),
  });
  gateway = await startService(gatewayService, {
    ...gatewayEnv,
    TICKETS_URL: tickets.internalUrl,
    REPORTING_URL: reporting.internalUrl,
    // Low, so the last test reaches it: the e-mail test makes 6 requests to the page.
    SURVEY_PAGE_MAX_PER_CLIENT: '10',
  });
  call = await logIn(gateway.url, agents);
  olaId = await agentIdOf('ola');
  adminToken = await accessTokenOf(gateway.url, agents.admin);
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await reporting?.close();
  await voice?.close();
  await tickets?.close();
  await Promise.all([mail.disconnect(), social.disconnect()]);
  await probe.stop();
  await standIn.stop();
});

async function agentIdOf(who: 'ola'): Promise<string> {
  const { body } = await call('admin', 'GET', '/api/v1/agents');
  return (body.items as Json[]).find((a) => a.email === agents[who].email)!.id as string;
}

const sms = (from: string, text: string) =>
  postSignedWebhook(
    voice.url,
    VOICE_PUBLIC_URL,
    '/webhooks/twilio/sms',
    inboundSmsParams(ACCOUNT_SID, from, OFFICE_NUMBER, text),
    AUTH_TOKEN,
  );

/** Ola takes ticket `number` into the complaints queue and closes it. */
async function closeAsOla(number: number): Promise<void> {
  await waitFor(`ticket #${number}`, async () => (await call('ola', 'GET', `/api/v1/tickets/${number}`)).status === 200);
  const taken = await call('ola', 'PATCH', `/api/v1/tickets/${number}`, { assigneeId: 'me', queue: 'reklamacje' });
  expect(taken.status).toBe(200);
  expect((await call('ola', 'PATCH', `/api/v1/tickets/${number}`, { status: 'closed' })).status).toBe(200);
}

const surveyMessages = (ticketId: string) =>
  probe.events().filter(
    (e) =>
      e.type === 'outbound.requested.v1' &&
      e.workspaceId === ws.id &&
      (e.payload as Json).ticketId === ticketId &&
      // Not the e-mailed ticket's acknowledgement: the survey's question.
      ((e.payload as Json).text as string).includes('Jak oceniasz obsługę'),
  ) as TypedEnvelope<'outbound.requested.v1'>[];
const answers = () =>
  probe
    .events()
    .filter((e) => e.type === 'survey.answered.v1' && e.workspaceId === ws.id) as TypedEnvelope<'survey.answered.v1'>[];
const ticketIdOf = async (number: number) => (await call('ola', 'GET', `/api/v1/tickets/${number}`)).body.id as string;

/** The survey group has handled every ticket event so far: whatever it was going to send is sent. */
const surveysSettled = () => waitForGroupToCatchUp(surveyGroup, [TOPICS.ticketEvents.name]);

it('lets only admins set the survey and its notices, validates them and keeps them in the audit trail', async () => {
  expect((await call('ola', 'PUT', '/api/v1/surveys/settings', { enabled: true })).status).toBe(403);
  expect((await call('admin', 'GET', '/api/v1/surveys/settings')).body).toMatchObject({ enabled: false, scale: 'csat' });

  const bad = await call('admin', 'PUT', '/api/v1/surveys/settings', {
    enabled: 'yes',
    scale: 'stars',
    surveyNotice: { pl: '', en: 'ok' },
  });
  expect(bad.status).toBe(400);
  expect((bad.body.errors as Json[]).map((e) => e.field).sort()).toEqual(['enabled', 'scale', 'surveyNotice.pl']);

  const settings = { enabled: true, scale: 'csat', surveyNotice: NOTICE, chatNotice: CHAT_NOTICE };
  const saved = await call('admin', 'PUT', '/api/v1/surveys/settings', settings);
  expect(saved.status).toBe(200);
  expect(saved.body).toMatchObject(settings);
  expect((await call('admin', 'GET', '/api/v1/surveys/settings')).body).toMatchObject(settings);

  const audit = await call('admin', 'GET', '/api/v1/audit?entityType=survey-settings');
  expect(audit.body.items[0]).toMatchObject({ action: 'survey-settings.update', after: settings });
});

it('e-mails a closed ticket one survey link; the public page asks in Polish or English and keeps the first score', async () => {
  await mail.publish('contact.received.v1', {
    workspaceId: ws.id,
    key: 'jan',
    payload: buildEmailContact({
      from: [{ kind: 'email', value: 'jan.kowalski@example.pl', displayName: 'Jan Kowalski' }],
      subject: 'Reklamacja: żółta kurtka',
      text: 'Dzień dobry, kurtka ma rozdarty rękaw.',
    }),
  });
  await closeAsOla(1);
  const ticketId = await ticketIdOf(1);
  const [survey] = await waitFor('the survey mail', () => (surveyMessages(ticketId).length ? surveyMessages(ticketId) : null));
  expect(survey.payload).toMatchObject({ channel: 'email', to: { value: 'jan.kowalski@example.pl' }, kind: 'acknowledgement' });
  expect(survey.payload.subject).toBe('Jak nam poszło? [#1]');
  expect(survey.payload.text).toContain('Jak oceniasz obsługę zgłoszenia nr 1?');
  expect(survey.payload.text).toContain(NOTICE.pl);
  const link = /https:\/\/bok\.sklep-zolw\.test(\/survey\/\S+)/.exec(survey.payload.text)![1];

  const page = await fetch(`${gateway.url}${link}`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  const html = await page.text();
  expect(html).toContain('Jak oceniasz obsługę zgłoszenia nr 1? (1 – bardzo źle, 5 – bardzo dobrze)');
  expect(html).toContain(NOTICE.pl);
  expect(html.match(/name="score"/g)).toHaveLength(5);
  const english = await (await fetch(`${gateway.url}${link}?lang=en`)).text();
  expect(english).toContain('How satisfied are you with how we handled request #1?');
  expect(english).toContain(NOTICE.en);

  const forged = await fetch(`${gateway.url}${link.slice(0, -2)}xx`);
  expect(forged.status).toBe(404);
  expect(await forged.text()).toContain('Nie znaleziono ankiety');

  const post = (form: string) =>
    fetch(`${gateway.url}${link}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
  const outOfScale = await post('score=9');
  expect(outOfScale.status).toBe(400);
  expect(((await outOfScale.json()) as Json).errors).toEqual([{ field: 'score', reason: 'must be 1–5' }]);
  expect(await (await post('score=4')).text()).toContain('Dziękujemy za ocenę!');
  expect(await (await post('score=1')).text()).toContain('Ta ankieta ma już odpowiedź (ocena 4)');

  const answered = await waitFor('the answer on Kafka', () => answers().find((a) => a.payload.ticketId === ticketId));
  expect(answered.payload).toMatchObject({
    number: 1,
    channel: 'email',
    scale: 'csat',
    score: 4,
    agentId: olaId,
    queue: 'reklamacje',
  });

  // Reopened and closed again: still one survey for the ticket.
  expect((await call('ola', 'PATCH', '/api/v1/tickets/1', { status: 'open' })).status).toBe(200);
  expect((await call('ola', 'PATCH', '/api/v1/tickets/1', { status: 'closed' })).status).toBe(200);
  await surveysSettled();
  expect(surveyMessages(ticketId)).toHaveLength(1);
  expect(answers().filter((a) => a.payload.ticketId === ticketId)).toHaveLength(1);
});

it('asks by SMS; a reply of "5" answers the survey instead of reopening the ticket', async () => {
  const customer = customerNumber();
  expect((await sms(customer, 'Dzień dobry, gdzie moja paczka?')).status).toBe(200);
  await closeAsOla(2);
  const question = await waitFor('the survey SMS at Twilio', () => standIn.to(customer)[0]);
  expect(question.form.Body).toContain('Jak oceniasz obsługę zgłoszenia nr 2?');
  expect(question.form.Body).toContain('Odpowiedz cyfrą 1–5. Nie chcesz ankiet? Odpisz NIE lub STOP.');
  expect(question.form.Body).toContain(NOTICE.pl);

  expect((await sms(customer, '5')).status).toBe(200);
  const ticketId = await ticketIdOf(2);
  const answered = await waitFor('the SMS answer', () => answers().find((a) => a.payload.ticketId === ticketId));
  expect(answered.payload).toMatchObject({ channel: 'sms', score: 5, agentId: olaId, queue: 'reklamacje' });
  const ticket = (await call('ola', 'GET', '/api/v1/tickets/2')).body;
  expect(ticket.status).toBe('closed');
  expect((ticket.timeline as Json[]).filter((e) => e.kind === 'message' && e.direction === 'inbound').map((e) => e.text)).toEqual(
    ['Dzień dobry, gdzie moja paczka?'],
  );
});

it('remembers a customer who answered NIE: their next closed ticket gets no survey', async () => {
  const customer = customerNumber();
  await sms(customer, 'Chciałbym zmienić adres dostawy.');
  await closeAsOla(3);
  await waitFor('the survey SMS', () => standIn.to(customer)[0]);
  await sms(customer, 'NIE');
  await waitFor('the opt-out in the audit trail', async () => {
    const { body } = await call('admin', 'GET', '/api/v1/audit?entityType=customer');
    return (body.items as Json[]).find((e) => e.action === 'customer.survey-opt-out');
  });

  await sms(customer, 'Jeszcze jedno: czy mogę zapłacić przy odbiorze?');
  await closeAsOla(4);
  const fourth = await ticketIdOf(4);
  await surveysSettled();
  expect(surveyMessages(fourth)).toEqual([]);
  expect(standIn.to(customer)).toHaveLength(1);
  const third = (await call('ola', 'GET', '/api/v1/tickets/3')).body;
  expect((third.timeline as Json[]).some((e) => e.text === 'NIE')).toBe(false);
});

it('puts the survey and the opt-out in the customer’s export (RODO Art. 15)', async () => {
  const customerId = (await call('ola', 'GET', '/api/v1/tickets/3')).body.customer.id as string;
  const asked = await call('admin', 'POST', `/api/v1/customers/${customerId}/export`);
  expect(asked.status).toBe(202);
  const exports = `/api/v1/customers/${customerId}/exports/${asked.body.id}`;
  await waitFor('the archive', async () => (await call('admin', 'GET', exports)).body.status === 'ready');
  const zip = await fetch(`${gateway.url}${exports}/archive`, { headers: { authorization: `Bearer ${adminToken}` } });
  const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
  const read = (name: string) => JSON.parse(strFromU8(files[name])) as Json;
  expect(read('customer.json').surveyOptOut).toBe(true);
  expect(read('tickets/3.json').survey).toMatchObject({ scale: 'csat', channel: 'sms', answer: null });
  expect(read('tickets/3.json').survey.optedOutAt).toEqual(expect.any(String));
  expect(read('tickets/4.json').survey).toBeNull();
});

it('asks on Messenger; the customer’s "4" is the answer', async () => {
  // Published as channel-social publishes a Page's message (its webhook and Send API are tested with Meta's stand-in).
  const psid = `psid-${randomBytes(6).toString('hex')}`;
  const from = [{ kind: 'messenger' as const, value: psid, pageId: 'page-zolw' }];
  const write = (text: string) =>
    social.publish('contact.received.v1', {
      workspaceId: ws.id,
      key: psid,
      payload: buildContact('messenger', from, { recipient: 'page-zolw', text }),
    });
  await write('Cześć, czy kurtka jest w rozmiarze L?');
  await closeAsOla(5);
  const ticketId = await ticketIdOf(5);
  const [question] = await waitFor('the survey on Messenger', () =>
    surveyMessages(ticketId).length ? surveyMessages(ticketId) : null,
  );
  expect(question.payload).toMatchObject({ channel: 'messenger', to: { kind: 'messenger', value: psid } });
  expect(question.payload.text).toContain('Odpowiedz cyfrą 1–5.');

  await write('4');
  const answered = await waitFor('the Messenger answer', () => answers().find((a) => a.payload.ticketId === ticketId));
  expect(answered.payload).toMatchObject({ channel: 'messenger', score: 4 });
});

it('reports CSAT per agent and queue through the gateway', async () => {
  const report = await waitFor('both answers in the report', async () => {
    const { status, body } = await call('supervisor', 'GET', '/api/v1/reports/satisfaction');
    return status === 200 && body.figures.csat.answers === 3 ? body : null;
  });
  expect(report.figures.csat).toMatchObject({ answers: 3, average: 4.33, satisfied: 3, satisfiedShare: 1 });
  expect(report.figures.nps).toMatchObject({ answers: 0, nps: null });
  expect(report.figures.breakdowns.agent).toEqual([
    expect.objectContaining({ value: olaId, csat: expect.objectContaining({ answers: 3 }) }),
  ]);
  expect(report.figures.breakdowns.queue).toEqual([expect.objectContaining({ value: 'reklamacje' })]);
  const byChannel = await call('supervisor', 'GET', '/api/v1/reports/satisfaction?channel=sms');
  expect(byChannel.body.figures.csat).toMatchObject({ answers: 1, average: 5 });
  expect((await call('ola', 'GET', '/api/v1/reports/satisfaction')).status).toBe(403);
});

it('asks 0–10 once the workspace chooses NPS, and reports promoters minus detractors', async () => {
  const nps = { enabled: true, scale: 'nps', surveyNotice: NOTICE, chatNotice: CHAT_NOTICE };
  expect((await call('admin', 'PUT', '/api/v1/surveys/settings', nps)).status).toBe(200);
  const customer = customerNumber();
  await sms(customer, 'Dziękuję za szybką wysyłkę!');
  await closeAsOla(6);
  const question = await waitFor('the NPS question', () => standIn.to(customer)[0]);
  expect(question.form.Body).toContain('Jak bardzo prawdopodobne jest, że polecisz nas znajomym? (0 – wcale, 10 – na pewno)');
  expect(question.form.Body).toContain('Odpowiedz cyfrą 0–10.');
  await sms(customer, '9');

  const report = await waitFor('the NPS answer in the report', async () => {
    const { body } = await call('supervisor', 'GET', '/api/v1/reports/satisfaction');
    return body.figures?.nps.answers === 1 ? body : null;
  });
  expect(report.figures.nps).toMatchObject({ answers: 1, promoters: 1, detractors: 0, nps: 100 });
  expect(report.figures.csat.answers).toBe(3);
});

it('bounds the public page per client address: 429 with Retry-After, a page in Polish', async () => {
  let refused: Response | null = null;
  for (let i = 0; i < 11 && !refused; i++) {
    const answer = await fetch(`${gateway.url}/survey/eA.nothing.here`);
    if (answer.status === 429) refused = answer;
    else expect(answer.status).toBe(404);
  }
  expect(refused).not.toBeNull();
  expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await refused!.text()).toContain('Zbyt wiele prób');
});

it('asks on Slack in the customer’s thread; a bare "9" there is the answer, in another thread a message', async () => {
  // Published as channel-social publishes a support channel's message (its Events API and posting are tested with Slack's stand-in).
  const user = `U${randomBytes(5).toString('hex').toUpperCase()}`;
  const from = [{ kind: 'slack' as const, value: user, teamId: 'T0ZOLW' }];
  const write = (text: string, threadTs: string) =>
    social.publish('contact.received.v1', {
      workspaceId: ws.id,
      key: user,
      payload: buildContact('slack', from, {
        recipient: 'C0WSPARCIE',
        text,
        thread: { inReplyTo: null, references: [], providerThreadId: `C0WSPARCIE:${threadTs}` },
      }),
    });
  await write('Dzień dobry, nie mogę zalogować się do sklepu.', '1765000000.000100');
  await closeAsOla(7);
  const ticketId = await ticketIdOf(7);
  const question = await waitFor('the survey on Slack', () =>
    probe
      .events()
      .find(
        (e): e is TypedEnvelope<'outbound.requested.v1'> =>
          e.type === 'outbound.requested.v1' &&
          (e.payload as Json).ticketId === ticketId &&
          ((e.payload as Json).text as string).includes('polecisz nas'),
      ),
  );
  expect(question.payload).toMatchObject({
    channel: 'slack',
    to: { kind: 'slack', value: user },
    providerThreadId: 'C0WSPARCIE:1765000000.000100',
  });
  // The workspace asks NPS now (the test before), in Polish.
  expect(question.payload.text).toContain('Odpowiedz cyfrą 0–10.');

  // The same person's "9" in another thread is that thread's message (its own ticket), not this survey's answer.
  await write('9', '1765000999.000100');
  const other = await waitFor('the other thread’s ticket', async () => {
    const answer = await call('ola', 'GET', '/api/v1/tickets/8');
    return answer.status === 200 ? answer.body : null;
  });
  expect((other.timeline as Json[]).some((e) => e.kind === 'message' && e.text === '9')).toBe(true);

  await write('9', '1765000000.000100');
  const answered = await waitFor('the Slack answer', () => answers().find((a) => a.payload.ticketId === ticketId));
  expect(answered.payload).toMatchObject({ channel: 'slack', scale: 'nps', score: 9 });
  const ticket = (await call('ola', 'GET', '/api/v1/tickets/7')).body;
  expect(ticket.status).toBe('closed');
  expect((ticket.timeline as Json[]).some((e) => e.kind === 'message' && e.text === '9')).toBe(false);
  expect(answers().filter((a) => a.payload.ticketId === ticketId)).toHaveLength(1);
});
