// The web chat for real: a visitor's WebSocket (node `ws`) into channel-social,
// contacts over Kafka into the tickets service, an agent's reply through the
// tickets internal API back over Kafka and pushed to the visitor's socket;
// typing, read marks and chat presence between the widget and agents working
// through the gateway (its SSE feed), across two channel-social instances.
// Real: Kafka, the store, the services, the ws server. Nothing stood in.
import { randomBytes } from 'node:crypto';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import { connectMongo } from '@threadline/persistence';
import {
  buildEmailContact,
  commonTestEnv,
  consumerGroupStartingNow,
  EventProbe,
  fetchJson,
  SseStream,
  startService,
  testInfra,
  testPublisher,
  uniqueName,
  waitFor,
  type Json,
  type RunningService,
  ticketsInternalApi,
  gatewayTestEnv,
} from '@threadline/testing';
import { channelSocialService } from '../../services/channel-social/src/app.module';
import { gatewayService } from '../../services/gateway/src/app.module';
import { WorkspaceRepository } from '../../services/gateway/src/workspaces/workspace.repository';
import { ticketsService } from '../../services/tickets/src/app.module';
import { Visitor } from './chat-visitor';

/** One workspace per test, so each test's first ticket is #1; an agent of each is available for chat from the start. */
const online = Array.from({ length: 6 }, () => uniqueName('ws'));
/** Nobody has said they answer chats here yet. */
const unstaffed = uniqueName('ws');
const offline = uniqueName('ws');
let nextWorkspace = 0;
const takeWorkspace = () => online[nextWorkspace++];

const brokers = testInfra().kafkaBrokers.split(',');
const probe = new EventProbe(brokers);
const publisher = testPublisher('channel-email');
let tickets: RunningService;
let social: RunningService;
/** A second instance of the same deployment: same workspaces, same durable group. */
let socialTwin: RunningService;
let socialOffline: RunningService;
let gateway: RunningService;
const password = 'correct horse battery staple';
/** Agent Ola's access token per workspace. */
const tokens: Record<string, string> = {};

/** The agent's side, through the gateway as the agent's screen calls it. */
function agentApi(workspaceId: string) {
  const call = (method: string, path: string, body?: Json, headers: Record<string, string> = {}) =>
    fetchJson(`${gateway.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[workspaceId]}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    presence: (status: 'available' | 'away') => call('PUT', '/chat/presence', { status }),
    typing: (number: number) => call('POST', `/tickets/${number}/typing`),
    read: (number: number, body: Json = {}) => call('POST', `/tickets/${number}/read`, body),
    reply: (number: number, text: string) =>
      call('POST', `/tickets/${number}/replies`, { text }, { 'idempotency-key': randomBytes(8).toString('hex') }),
    /** The ticket's live stream, once the gateway's feed sees new events (it joins the topics in the background). */
    watch: async (number: number) => {
      const stream = await new SseStream().open(`${gateway.url}/api/v1/live?ticket=${number}`, {
        authorization: `Bearer ${tokens[workspaceId]}`,
      });
      await waitFor('the stream ready', () => stream.frames.some((f) => f.event === 'ready'));
      return stream;
    },
  };
}

/** Whether a new visitor is told agents answer now (each attempt a new visitor on `service`). */
async function welcomedOnline(service: RunningService, workspace: string): Promise<boolean> {
  const visitor = new Visitor(service);
  const welcome = await visitor.connect({ workspace });
  await visitor.disconnect();
  return welcome.online as boolean;
}

beforeAll(async () => {
  await probe.start([
    TOPICS.contactReceived.name,
    TOPICS.deliveryStatus.name,
    TOPICS.outboundRequested.name,
    TOPICS.chatSignals.name,
  ]);
  await publisher.connect();
  tickets = await startService(ticketsService, {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name, TOPICS.deliveryStatus.name]),
  });
  const chatEnv = {
    ...commonTestEnv('channel-social'),
    CHAT_WORKSPACES: [...online, unstaffed].join(','),
    CHAT_CONSUMER_GROUP: await consumerGroupStartingNow('chat', [TOPICS.outboundRequested.name, TOPICS.chatSignals.name]),
    // Slack is on by default (teams come from admins); its consumer has no business in this test.
    SLACK_ENABLED: 'false',
  };
  social = await startService(channelSocialService, chatEnv);
  socialTwin = await startService(channelSocialService, chatEnv);
  socialOffline = await startService(channelSocialService, {
    ...commonTestEnv('channel-social'),
    CHAT_WORKSPACES: offline,
    CHAT_AGENTS_ONLINE: 'false',
    CHAT_CONSUMER_GROUP: await consumerGroupStartingNow('chat-offline', [TOPICS.outboundRequested.name, TOPICS.chatSignals.name]),
    // Slack is on by default (teams come from admins); its consumer has no business in this test.
    SLACK_ENABLED: 'false',
  });

  const gatewayEnv = gatewayTestEnv();
  const connection = await connectMongo(gatewayEnv.MONGO_URL, gatewayEnv.MONGO_DATABASE);
  const workspaces = new WorkspaceRepository(connection);
  await connection.syncIndexes();
  for (const id of [...online, unstaffed, offline]) {
    await workspaces.ensureWorkspace(id, 'Sklep', id);
    await workspaces.createAgent({ workspaceId: id, email: 'ola@sklep.test', name: 'Ola', role: 'agent', password });
  }
  await connection.close();
  gateway = await startService(gatewayService, { ...gatewayEnv, TICKETS_URL: tickets.internalUrl });
  for (const id of [...online, unstaffed, offline]) {
    const session = await fetchJson(`${gateway.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace: id, email: 'ola@sklep.test', password }),
    });
    tokens[id] = session.body.accessToken;
  }
  for (const id of online) expect((await agentApi(id).presence('available')).status).toBe(200);
  for (const id of online) await waitFor(`agents of ${id} online`, () => welcomedOnline(social, id));
}, 90_000);

afterAll(async () => {
  await gateway?.close();
  await socialOffline?.close();
  await socialTwin?.close();
  await social?.close();
  await tickets?.close();
  await publisher.disconnect();
  await probe.stop();
});

const ticketApi = (workspaceId: string) => ticketsInternalApi(tickets, workspaceId);

const contactsOf = (workspaceId: string) => probe.contactsOf(workspaceId);
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
  expect(script).toContain('Konsultant pisze…');
  expect(script).toContain('Agent is typing…');
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

/** The chat signals of one session seen on the bus, in order. */
const signalsOf = <T extends 'chat.typing.v1' | 'chat.read.v1'>(type: T, sessionId: string) =>
  probe.events().filter((e) => e.type === type && (e.payload as Json).sessionId === sessionId) as TypedEnvelope<T>[];

describe('typing and read marks between the widget and agents on the gateway', () => {
  it('the visitor’s typing reaches the agent’s stream of the ticket; the agent’s reaches the widget on either instance', async () => {
    const workspaceId = takeWorkspace();
    const agent = agentApi(workspaceId);
    // The visitor's socket is on the twin: the gateway does not know, or need to know, which instance holds it.
    const visitor = new Visitor(socialTwin);
    const { sessionId } = await visitor.connect({ workspace: workspaceId });
    expect((await visitor.say('Czy mogę zmienić adres dostawy?')).type).toBe('ack');
    await ticketApi(workspaceId).ticketWhen('ticket #1', (t) => messages(t).length === 1);

    const stream = await agent.watch(1);
    try {
      // The gateway's feed joins in the background: type until the first signal shows, as a visitor would keep typing.
      await waitFor(
        'the visitor typing on the agent’s screen',
        () => {
          visitor.send({ type: 'typing' });
          return stream.of('chat.typing.v1').length > 0;
        },
        { timeoutMs: 30_000, intervalMs: 1600 },
      );
      expect(stream.of('chat.typing.v1')[0]).toMatchObject({ number: 1, payload: { sessionId, from: 'visitor', agentId: null } });

      // A flood is one signal. A read frame queued behind the typing frames lands on the same partition after
      // them, so once it is on the bus every typing signal before it is too.
      const marked = async (lineId: string) => {
        visitor.send({ type: 'read', lineId });
        await waitFor(lineId, () => signalsOf('chat.read.v1', sessionId as string).some((e) => e.payload.lineId === lineId));
      };
      await marked('marker-before');
      await new Promise((resolve) => setTimeout(resolve, 1600)); // past the throttle window of the typing above
      const before = signalsOf('chat.typing.v1', sessionId as string).length;
      for (let i = 0; i < 3; i++) visitor.send({ type: 'typing' });
      await marked('marker-after');
      expect(signalsOf('chat.typing.v1', sessionId as string).length - before).toBe(1);

      // The agent types (twice in a row: one signal): the widget is told, and so are colleagues watching the ticket.
      expect((await agent.typing(1)).status).toBe(202);
      expect((await agent.typing(1)).status).toBe(202);
      expect(await visitor.next('typing')).toEqual({ type: 'typing', from: 'agent' });
      await waitFor('the agent typing on the ticket’s stream', () =>
        stream.of('chat.typing.v1').some((d) => (d.payload as Json).from === 'agent'),
      );
      expect(stream.of('chat.typing.v1').find((d) => (d.payload as Json).from === 'agent')).toMatchObject({
        number: 1,
        payload: { agentId: expect.any(String), sessionId },
      });
      expect((await agent.read(1)).status).toBe(202);
      await waitFor('the agent’s read mark', () =>
        signalsOf('chat.read.v1', sessionId as string).some((e) => e.payload.reader === 'agent'),
      );
      expect(signalsOf('chat.typing.v1', sessionId as string).filter((e) => e.payload.from === 'agent')).toHaveLength(1);
    } finally {
      stream.close();
      await visitor.disconnect();
    }
  });

  it('read marks both ways, live and after a reconnect', async () => {
    const workspaceId = takeWorkspace();
    const agent = agentApi(workspaceId);
    const visitor = new Visitor(social);
    const { sessionId } = await visitor.connect({ workspace: workspaceId });
    const first = await visitor.say('Pierwsza wiadomość');
    const second = await visitor.say('Druga wiadomość — żółw');
    const ticket = await ticketApi(workspaceId).ticketWhen('ticket #1', (t) => messages(t).length === 2);
    const stream = await agent.watch(1);
    try {
      const reply = await agent.reply(1, 'Dzień dobry, czytam.');
      expect(reply.status).toBe(201);
      const replyId = reply.body.message.id as string;
      const pushed = await visitor.next('message');
      expect(pushed.line).toMatchObject({ id: replyId, from: 'agent' });

      // The visitor saw the reply: the agent's stream says so, naming the reply's timeline entry.
      await waitFor(
        'the visitor’s read mark on the agent’s screen',
        () => {
          visitor.send({ type: 'read', lineId: replyId });
          return stream.of('chat.read.v1').length > 0;
        },
        { timeoutMs: 30_000, intervalMs: 1000 },
      );
      expect(stream.of('chat.read.v1')[0]).toMatchObject({
        number: 1,
        payload: { reader: 'visitor', lineId: replyId, sessionId },
      });

      // The agent read the first message only, then all: the widget is told each time, by the visitor's own line ids.
      const firstEntry = messages(ticket).find((e) => e.text === 'Pierwsza wiadomość')!;
      const readFirst = await agent.read(1, { messageId: firstEntry.id });
      expect(readFirst).toMatchObject({ status: 202, body: { readUpTo: firstEntry.id } });
      expect(await visitor.next('read')).toEqual({ type: 'read', reader: 'agent', lineId: first.id });
      expect((await agent.read(1)).status).toBe(202);
      expect(await visitor.next('read', (f) => f.lineId === second.id)).toMatchObject({ reader: 'agent' });
      expect((await agent.read(1, { messageId: 'not-a-chat-line' })).body).toMatchObject({ code: 'CHAT_MESSAGE_NOT_FOUND' });
      await visitor.disconnect();

      // Both marks outlive the socket: a reconnect (here on the other instance) is told who read what.
      const returning = new Visitor(socialTwin, visitor.visitorId);
      const again = await waitFor('both marks kept', async () => {
        const welcome = await returning.connect({ workspace: workspaceId });
        if ((welcome.read as Json).agent === second.id) return welcome;
        await returning.disconnect();
        return null;
      });
      expect(again.read).toEqual({ visitor: replyId, agent: second.id });
      await returning.disconnect();
    } finally {
      stream.close();
    }
  });

  it('signals only a ticket that has a web chat', async () => {
    const workspaceId = takeWorkspace();
    await publisher.publish('contact.received.v1', {
      workspaceId,
      key: 'email:jan@example.pl',
      payload: buildEmailContact({ from: [{ kind: 'email', value: 'jan@example.pl' }] }),
    });
    await ticketApi(workspaceId).ticketWhen('the e-mail ticket', () => true);
    const agent = agentApi(workspaceId);
    expect(await agent.typing(1)).toMatchObject({ status: 409, body: { code: 'NO_CHAT_SESSION' } });
    expect(await agent.read(1)).toMatchObject({ status: 409, body: { code: 'NO_CHAT_SESSION' } });
    expect((await agent.typing(99)).status).toBe(404);
    expect((await agent.typing(0)).status).toBe(400);
  });
});

describe('online while an agent is available for chat', () => {
  it('a new visitor gets the chat while an agent is available and the offline form once nobody is', async () => {
    const agent = agentApi(unstaffed);
    expect(await welcomedOnline(socialTwin, unstaffed)).toBe(false);
    const visitor = new Visitor(social);
    await visitor.connect({ workspace: unstaffed });
    expect(await visitor.say('Halo?')).toMatchObject({ type: 'error', code: 'EMAIL_REQUIRED' });
    await visitor.disconnect();

    const available = await agent.presence('available');
    expect(available).toMatchObject({ status: 200, body: { status: 'available', expiresAt: expect.any(String) } });
    // Every instance answers the same: the presence is in the store, not in the instance that got the event.
    await waitFor(
      'online on both instances',
      async () => (await welcomedOnline(social, unstaffed)) && (await welcomedOnline(socialTwin, unstaffed)),
    );
    expect((await agent.presence('away')).body).toMatchObject({ status: 'away', expiresAt: null });
    await waitFor('offline again', async () => !(await welcomedOnline(socialTwin, unstaffed)));
    expect((await agent.presence('busy' as 'away')).status).toBe(400);
  });

  it('an agent whose screen stops renewing is available no longer', async () => {
    const agentId = 'agent-who-closed-the-browser';
    const at = new Date();
    await publisher.publish('chat.presence.v1', {
      workspaceId: unstaffed,
      key: agentId,
      payload: { agentId, status: 'available', expiresAt: new Date(at.getTime() + 4000).toISOString(), at: at.toISOString() },
    });
    await waitFor('online while it lasts', () => welcomedOnline(social, unstaffed));
    await waitFor('offline once it lapsed', async () => !(await welcomedOnline(social, unstaffed)), { timeoutMs: 15_000 });
    expect(Date.now() - at.getTime()).toBeGreaterThanOrEqual(4000);
  });
});
