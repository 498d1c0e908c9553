// The web chat for real: a visitor's WebSocket (node `ws`) into channel-social,
// contacts over Kafka into the tickets service, an agent's reply through the
// tickets internal API back over Kafka and pushed to the visitor's socket.
// Real: Kafka, the store, both services, the ws server. Nothing stood in.
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
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
  type Json,
  type RunningService,
} from '@threadline/testing';
import { channelSocialService } from '../../services/channel-social/src/app.module';
import { ticketsService } from '../../services/tickets/src/app.module';

/** One workspace per test, so each test's first ticket is #1. */
const online = Array.from({ length: 4 }, () => uniqueName('ws'));
const offline = uniqueName('ws');
let nextWorkspace = 0;
const takeWorkspace = () => online[nextWorkspace++];

const brokers = testInfra().kafkaBrokers.split(',');
const probe = new EventProbe(brokers);
const publisher = testPublisher('channel-email');
let tickets: RunningService;
let social: RunningService;
let socialOffline: RunningService;

beforeAll(async () => {
  await probe.start([TOPICS.contactReceived.name, TOPICS.deliveryStatus.name, TOPICS.outboundRequested.name]);
  await publisher.connect();
  tickets = await startService(ticketsService, {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name, TOPICS.deliveryStatus.name]),
  });
  social = await startService(channelSocialService, {
    ...commonTestEnv('channel-social'),
    CHAT_WORKSPACES: online.join(','),
    CHAT_CONSUMER_GROUP: await consumerGroupStartingNow('chat', [TOPICS.outboundRequested.name]),
  });
  socialOffline = await startService(channelSocialService, {
    ...commonTestEnv('channel-social'),
    CHAT_WORKSPACES: offline,
    CHAT_AGENTS_ONLINE: 'false',
    CHAT_CONSUMER_GROUP: await consumerGroupStartingNow('chat-offline', [TOPICS.outboundRequested.name]),
  });
});

afterAll(async () => {
  await socialOffline?.close();
  await social?.close();
  await tickets?.close();
  await publisher.disconnect();
  await probe.stop();
});

type Frame = Json & { type: string };

/** The visitor's side: a socket and every frame it got, awaited by condition instead of sleeping. */
class Visitor {
  readonly frames: Frame[] = [];
  private ws!: WebSocket;

  constructor(
    private readonly service: RunningService,
    readonly visitorId = randomBytes(18).toString('hex'),
  ) {}

  async connect(hello: Json): Promise<Frame> {
    await this.open(hello);
    return this.next('welcome');
  }

  async open(hello: Json): Promise<void> {
    this.frames.length = 0;
    this.ws = new WebSocket(`${this.service.url.replace(/^http/, 'ws')}/chat/ws`);
    this.ws.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as Frame));
    await new Promise<void>((resolve, reject) => this.ws.once('open', resolve).once('error', reject));
    this.send({ type: 'hello', visitorId: this.visitorId, ...hello });
  }

  send(frame: Json): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** Sends a message and resolves with the server's ack (or error) for it. */
  async say(text: string, extra: Json = {}): Promise<Frame> {
    const id = randomBytes(12).toString('hex');
    this.send({ type: 'message', id, text, ...extra });
    return waitFor(`answer to ${id}`, () => this.frames.find((f) => (f.type === 'ack' && f.id === id) || f.type === 'error'), {
      timeoutMs: 10_000,
    });
  }

  next(type: string, where: (f: Frame) => boolean = () => true): Promise<Frame> {
    return waitFor(`a ${type} frame`, () => this.frames.find((f) => f.type === type && where(f)), { timeoutMs: 20_000 });
  }

  async disconnect(): Promise<void> {
    const closed = new Promise((resolve) => this.ws.once('close', resolve));
    this.ws.close();
    await closed;
  }
}

function ticketApi(workspaceId: string) {
  const base = `${tickets.url}/internal/v1/workspaces/${workspaceId}`;
  return {
    reply: (number: number, text: string) =>
      fetchJson(`${base}/tickets/${number}/replies`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-agent-id': 'agent-ola',
          'x-agent-role': 'agent',
          'idempotency-key': randomBytes(8).toString('hex'),
        },
        body: JSON.stringify({ text }),
      }),
    ticketWhen: (description: string, ready: (ticket: Json) => boolean, number = 1) =>
      waitFor(description, async () => {
        const { status, body } = await fetchJson(`${base}/tickets/${number}`);
        return status === 200 && ready(body) ? body : null;
      }),
  };
}

const contactsOf = (workspaceId: string) =>
  probe
    .events()
    .filter((e) => e.type === 'contact.received.v1' && e.workspaceId === workspaceId) as TypedEnvelope<'contact.received.v1'>[];
const outboundOf = (workspaceId: string) =>
  probe
    .events()
    .filter(
      (e) => e.type === 'outbound.requested.v1' && e.workspaceId === workspaceId,
    ) as TypedEnvelope<'outbound.requested.v1'>[];
const messages = (ticket: Json) => (ticket.timeline as Json[]).filter((e) => e.kind === 'message');

it('serves the widget script and a demo page embedding it; unknown workspaces get no demo', async () => {
  const widget = await fetch(`${social.url}/chat/widget.js`);
  expect(widget.status).toBe(200);
  expect(widget.headers.get('content-type')).toMatch(/javascript/);
  const script = await widget.text();
  expect(script).toContain('/chat/ws');
  expect(script).toContain('Rozpocznij czat');
  expect(script).toContain('Start chat');
  const demo = await fetch(`${social.url}/chat/demo?workspace=${online[0]}`);
  expect(demo.status).toBe(200);
  expect(await demo.text()).toContain(`<script src="/chat/widget.js" data-workspace="${online[0]}"></script>`);
  expect((await fetch(`${social.url}/chat/demo?workspace=nope`)).status).toBe(404);
});

it('refuses a bad visitor id and an unknown workspace', async () => {
  const visitor = new Visitor(social, 'short');
  await visitor.open({ workspace: online[0] });
  expect(await visitor.next('error')).toMatchObject({ code: 'BAD_FRAME' });
  await visitor.disconnect();
  const stranger = new Visitor(social);
  await stranger.open({ workspace: 'not-ours' });
  expect(await stranger.next('error')).toMatchObject({ code: 'UNKNOWN_WORKSPACE' });
  await stranger.disconnect();
});

it('opens a ticket from the first message, pushes the agent’s reply live, and gives the history on reconnect', async () => {
  const workspaceId = takeWorkspace();
  const api = ticketApi(workspaceId);
  const visitor = new Visitor(social);
  const welcome = await visitor.connect({ workspace: workspaceId });
  expect(welcome).toMatchObject({ online: true, history: [] });
  const sessionId = welcome.sessionId as string;

  const ack = await visitor.say('Dzień dobry, gdzie jest moja paczka? Zażółć gęślą jaźń');
  expect(ack.type).toBe('ack');
  // Published before the ack: the contact is on the bus by now.
  const [contact] = await waitFor('the contact', () => contactsOf(workspaceId)[0] && contactsOf(workspaceId));
  expect(contact.payload).toMatchObject({
    channel: 'chat',
    providerMessageId: `${sessionId}:${ack.id as string}`,
    from: [{ kind: 'chat' }],
    thread: { providerThreadId: sessionId },
  });
  expect(contact.payload.from[0].value).not.toContain(visitor.visitorId);

  const ticket = await api.ticketWhen('ticket #1', (t) => messages(t).length === 1);
  expect(ticket).toMatchObject({ channel: 'chat', replyChannel: 'chat' });

  expect((await api.reply(1, 'Już sprawdzamy, chwileczkę.')).status).toBe(201);
  const pushed = await visitor.next('message');
  expect(pushed.line).toMatchObject({ from: 'agent', text: 'Już sprawdzamy, chwileczkę.' });
  await api.ticketWhen('the reply delivered', (t) =>
    messages(t).some((e) => e.direction === 'outbound' && (e.delivery as Json).status === 'delivered'),
  );

  // A resent message (the ack got lost) is not a second contact.
  visitor.send({ type: 'message', id: ack.id, text: 'Dzień dobry, gdzie jest moja paczka? Zażółć gęślą jaźń' });
  await waitFor('second ack', () => visitor.frames.filter((f) => f.type === 'ack').length === 2);
  await visitor.disconnect();

  const again = await visitor.connect({ workspace: workspaceId });
  expect(again.sessionId).toBe(sessionId);
  expect(again.history).toMatchObject([
    { from: 'visitor', text: 'Dzień dobry, gdzie jest moja paczka? Zażółć gęślą jaźń' },
    { from: 'agent', text: 'Już sprawdzamy, chwileczkę.' },
  ]);
  expect(contactsOf(workspaceId)).toHaveLength(1);

  // The visitor ends the chat: the session closes, the ticket keeps it; a reply now cannot reach the chat.
  visitor.send({ type: 'close' });
  await visitor.next('closed');
  visitor.send({ type: 'hello', workspace: workspaceId, visitorId: visitor.visitorId });
  const fresh = await visitor.next('welcome', (f) => f.sessionId !== sessionId);
  expect(fresh.history).toEqual([]);
  expect((await api.reply(1, 'Czy coś jeszcze?')).status).toBe(201);
  await api.ticketWhen('the late reply failed', (t) =>
    messages(t).some((e) => e.text === 'Czy coś jeszcze?' && (e.delivery as Json).status === 'failed'),
  );
  await visitor.disconnect();
});

it('a message with an e-mail joins the visitor to that e-mail’s customer', async () => {
  const workspaceId = takeWorkspace();
  const api = ticketApi(workspaceId);
  const email = `${uniqueName('jan')}@example.pl`;
  await publisher.publish('contact.received.v1', {
    workspaceId,
    key: `email:${email}`,
    payload: buildEmailContact({ from: [{ kind: 'email', value: email, displayName: 'Jan Kowalski' }] }),
  });
  const byMail = await api.ticketWhen('the e-mail ticket', () => true);

  const visitor = new Visitor(social);
  await visitor.connect({ workspace: workspaceId });
  expect((await visitor.say('Piszę jeszcze z czatu', { name: 'Jan Kowalski', email })).type).toBe('ack');
  const chatContacts = () => contactsOf(workspaceId).filter((c) => c.payload.channel === 'chat');
  const [contact] = await waitFor('the chat contact', () => chatContacts()[0] && chatContacts());
  expect(contact.payload.from).toEqual([
    { kind: 'chat', value: expect.stringMatching(/^v_/) },
    { kind: 'email', value: email, displayName: 'Jan Kowalski' },
  ]);
  // The continuity window puts the chat on the e-mail's ticket of the same customer.
  const joined = await api.ticketWhen(
    'the chat on the customer’s ticket',
    (t) => messages(t).filter((e) => e.direction === 'inbound').length === 2,
  );
  expect(joined.customerId).toBe(byMail.customerId);
  await visitor.disconnect();
});

it('offline: the widget is told, the message needs an e-mail, and the answer goes by e-mail', async () => {
  const api = ticketApi(offline);
  const visitor = new Visitor(socialOffline);
  expect(await visitor.connect({ workspace: offline })).toMatchObject({ online: false });
  expect(await visitor.say('Halo?')).toMatchObject({ type: 'error', code: 'EMAIL_REQUIRED' });
  visitor.frames.length = 0;
  const email = `${uniqueName('ewa')}@example.pl`;
  expect((await visitor.say('Proszę o kontakt w sprawie faktury', { email })).type).toBe('ack');
  const [contact] = await waitFor('the offline contact', () => contactsOf(offline)[0] && contactsOf(offline));
  expect(contact.payload.thread.providerThreadId).toBeNull();

  const ticket = await api.ticketWhen('the offline ticket', (t) => messages(t).length === 1);
  expect(ticket).toMatchObject({ channel: 'chat', replyChannel: 'email' });
  expect((await api.reply(1, 'Odpowiadamy mailem.')).status).toBe(201);
  const [outbound] = await waitFor('the e-mail reply', () => (outboundOf(offline).length ? outboundOf(offline) : null));
  expect(outbound.payload).toMatchObject({ channel: 'email', to: { kind: 'email', value: email } });
  expect(outbound.payload.subject).toContain('[#1]');
  await visitor.disconnect();
});
