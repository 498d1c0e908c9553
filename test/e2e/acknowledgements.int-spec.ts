// Acknowledgements per workspace on every channel: an admin switches them on
// per channel with the workspace's own Polish text; a new ticket's first
// answer with its number then goes out on the channel the customer used —
// an SMS through channel-voice to Twilio, a Slack reply in the customer's
// thread through channel-social — once however often the contact is
// delivered, and nothing on a channel switched off.
// Real: Kafka, the store, tickets, channel-voice, channel-social, the twilio
// and @slack/web-api clients. Stood in: Twilio's and Slack's servers.
import { randomBytes, randomInt } from 'node:crypto';
import { TOPICS } from '@threadline/contracts';
import {
  buildContact,
  buildEmailContact,
  commonTestEnv,
  consumerGroupStartingNow,
  inboundSmsParams,
  type Json,
  postSignedWebhook,
  type RunningService,
  SlackStandIn,
  startService,
  testPublisher,
  TwilioStandIn,
  uniqueName,
  waitFor,
} from '@threadline/testing';
import { channelVoiceService } from '../../services/channel-voice/src/app.module';
import { slackTeamOf, startSocialWithSlack } from './slack-services';
import { startTickets } from './started-services';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
const PUBLIC_BASE_URL = 'https://voice.threadline.test';
const smsWorkspace = { workspaceId: uniqueName('ws-ack-sms'), number: '+48221239900' };
const team = slackTeamOf(uniqueName('ws-ack-slack'), 'T0ACK0001', ['C0POMOC01']);
const mailWorkspace = uniqueName('ws-ack-mail');
const admin = { id: 'admin-1', role: 'admin' as const };

/** The workspace's own Polish texts (diacritics and all); English stays built in. */
const polish = {
  subject: 'Przyjęliśmy zgłoszenie [#{{number}}]: {{subject}}',
  text: 'Dzień dobry, zgłoszenie nr {{number}} czeka na konsultanta.',
  shortText: 'Dziękujemy! Zgłoszenie nr {{number}} przyjęte — odpowiemy wkrótce. Zażółć gęślą jaźń',
};
const everyChannelButEmail = { email: false, sms: true, messenger: true, slack: true, chat: true, voice: false };

const publisher = testPublisher('channel-social');
const twilio = new TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN);
const slack = new SlackStandIn(new Set([team.botToken]));
let tickets: RunningService;
let voice: RunningService;
let social: RunningService;

beforeAll(async () => {
  await Promise.all([twilio.start(), slack.start(), publisher.connect()]);
  tickets = await startTickets();
  voice = await startService(channelVoiceService, {
    ...commonTestEnv('channel-voice'),
    VOICE_NUMBERS: JSON.stringify([smsWorkspace]),
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_BASE_URL,
    TWILIO_API_BASE_URL: twilio.url,
    TWILIO_RETRY_DELAY_MS: '50',
    TWILIO_TIMEOUT_MS: '3000',
    VOICE_SMS_CONSUMER_GROUP: await consumerGroupStartingNow('voice', [TOPICS.outboundRequested.name]),
  });
  social = await startSocialWithSlack(team, slack);
}, 180_000);

afterAll(async () => {
  await social?.close();
  await voice?.close();
  await tickets?.close();
  await publisher.disconnect();
  await Promise.all([twilio.stop(), slack.stop()]);
});

const settingsApi = (workspaceId: string, caller = admin) => tickets.internalApi(workspaceId, caller);
const configure = (workspaceId: string, body: Json) =>
  settingsApi(workspaceId).fetch('acknowledgements', { method: 'PUT', body });
const timelineOf = async (workspaceId: string, number: number) =>
  ((await tickets.internalApi(workspaceId).fetch(`tickets/${number}`)).body.timeline ?? []) as Json[];
const acknowledgementsOn = (timeline: Json[]) => timeline.filter((e) => e.direction === 'outbound' && e.automatic);

it('an admin switches acknowledgements on per channel with Polish texts; bad settings are refused naming the field; audited', async () => {
  const workspaceId = uniqueName('ws-ack-admin');
  const before = await settingsApi(workspaceId).fetch('acknowledgements');
  expect(before.body).toMatchObject({ version: 0, enabled: true, channels: { email: true, sms: false }, templates: {} });

  const saved = await configure(workspaceId, { enabled: true, channels: everyChannelButEmail, templates: { pl: polish } });
  expect(saved.status).toBe(200);
  expect(saved.body).toMatchObject({ version: 1, channels: everyChannelButEmail, templates: { pl: polish } });
  expect((await settingsApi(workspaceId).fetch('acknowledgements')).body).toEqual(saved.body);

  const refused = await configure(workspaceId, {
    enabled: true,
    channels: { fax: true },
    templates: { pl: { ...polish, shortText: 'Dziękujemy za wiadomość!' } },
  });
  expect(refused.status).toBe(400);
  expect(refused.body.errors.map((e: Json) => e.field).sort()).toEqual(['channels', 'templates.pl.shortText']);
  expect((await settingsApi(workspaceId).fetch('acknowledgements')).body.version).toBe(1);

  const agent = await settingsApi(workspaceId, { id: 'agent-ola', role: 'agent' } as never).fetch('acknowledgements', {
    method: 'PUT',
    body: { enabled: false },
  });
  expect(agent.status).toBe(403);

  const audit = await tickets.internalApi(workspaceId, admin).fetch('audit');
  expect(audit.body.items).toEqual([
    expect.objectContaining({
      action: 'acknowledgements.update',
      actor: { kind: 'agent', id: 'admin-1' },
      after: expect.objectContaining({ version: 1, templates: { pl: polish } }),
    }),
  ]);
});

it('a customer texting in gets one SMS with the ticket number in the workspace’s Polish text, from the number texted', async () => {
  const { workspaceId, number } = smsWorkspace;
  expect(
    (await configure(workspaceId, { enabled: true, channels: everyChannelButEmail, templates: { pl: polish } })).status,
  ).toBe(200);
  const customer = `+4860${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
  const answer = await postSignedWebhook(
    voice.url,
    PUBLIC_BASE_URL,
    '/webhooks/twilio/sms',
    inboundSmsParams(ACCOUNT_SID, customer, number, 'Dzień dobry, gdzie jest moja paczka?'),
    AUTH_TOKEN,
  );
  expect(answer.status).toBe(200);

  const [sent] = await waitFor('the acknowledgement at Twilio', async () =>
    twilio.to(customer).length > 0 ? twilio.to(customer) : null,
  );
  expect(sent.form).toMatchObject({
    From: number,
    Body: 'Dziękujemy! Zgłoszenie nr 1 przyjęte — odpowiemy wkrótce. Zażółć gęślą jaźń',
  });
  const timeline = await waitFor('the acknowledgement sent', async () => {
    const entries = await timelineOf(workspaceId, 1);
    return acknowledgementsOn(entries)[0]?.delivery?.status === 'sent' ? entries : null;
  });
  expect(acknowledgementsOn(timeline)).toEqual([
    expect.objectContaining({ channel: 'sms', authorId: null, subject: null, text: sent.form.Body }),
  ]);
  expect(twilio.to(customer)).toHaveLength(1);
});

it('a Slack customer writing in English gets the English text in their thread, once however often the message comes', async () => {
  const { workspaceId, teamId } = team;
  expect(
    (await configure(workspaceId, { enabled: true, channels: everyChannelButEmail, templates: { pl: polish } })).status,
  ).toBe(200);
  const contact = buildContact('slack', [{ kind: 'slack', value: 'U0CUSTOM1', teamId }], {
    providerMessageId: 'C0POMOC01:1780000001.000100',
    recipient: 'C0POMOC01',
    text: 'Hello, my order has not arrived yet. Thanks',
    thread: { inReplyTo: null, references: [], providerThreadId: 'C0POMOC01:1780000001.000100' },
  });
  await publisher.publish('contact.received.v1', { workspaceId, key: 'U0CUSTOM1', payload: contact });

  const [posted] = await waitFor('the acknowledgement in Slack', async () => {
    const posts = slack.in('C0POMOC01');
    return posts.length > 0 ? posts : null;
  });
  expect(posted.authorization).toBe(`Bearer ${team.botToken}`);
  expect(posted.args).toMatchObject({
    thread_ts: '1780000001.000100',
    text: 'Thank you for your message. We have registered it as request #1 and will answer as soon as we can.',
  });

  // Delivered again (a retry upstream), then a later message on the same partition: by the time it is on the
  // ticket, the repeat has been handled — still one acknowledgement, one post.
  await publisher.publish('contact.received.v1', { workspaceId, key: 'U0CUSTOM1', payload: contact });
  await publisher.publish('contact.received.v1', {
    workspaceId,
    key: 'U0CUSTOM1',
    payload: { ...contact, providerMessageId: 'C0POMOC01:1780000002.000100', text: 'Any news?' },
  });
  const timeline = await waitFor('the later message', async () => {
    const entries = await timelineOf(workspaceId, 1);
    return entries.some((e) => e.text === 'Any news?') ? entries : null;
  });
  expect(acknowledgementsOn(timeline)).toHaveLength(1);
  await waitFor('the acknowledgement delivered', async () =>
    acknowledgementsOn(await timelineOf(workspaceId, 1))[0]?.delivery?.status === 'sent' ? true : null,
  );
  expect(slack.in('C0POMOC01')).toHaveLength(1);
});

it('a channel switched off acknowledges nothing: the e-mail ticket has the customer’s messages only', async () => {
  expect((await configure(mailWorkspace, { enabled: true, channels: everyChannelButEmail })).status).toBe(200);
  const first = buildEmailContact({ subject: 'Faktura za listopad' });
  const key = first.from[0].value;
  await publisher.publish('contact.received.v1', { workspaceId: mailWorkspace, key, payload: first });
  await publisher.publish('contact.received.v1', {
    workspaceId: mailWorkspace,
    key,
    payload: buildEmailContact({ subject: 'Re: Faktura za listopad [#1]', text: 'Uzupełniam: numer klienta 42.' }),
  });
  const timeline = await waitFor('both messages on the ticket', async () => {
    const entries = await timelineOf(mailWorkspace, 1);
    return entries.filter((e) => e.direction === 'inbound').length === 2 ? entries : null;
  });
  expect(acknowledgementsOn(timeline)).toEqual([]);
});
