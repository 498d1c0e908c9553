// The office's live wall-board: a supervisor opens the stream through the
// gateway and gets a snapshot of the call queues, the agents and today's
// figures, then an update whenever a ticket comes in or an agent becomes
// available; a workspace holds a bounded number of streams; an agent may not
// watch; a supervisor demoted while watching sees the stream close.
// Real: Kafka, the store, reporting, channel-voice, gateway.
import { randomBytes, randomUUID } from 'node:crypto';
import { TOPICS } from '@threadline/contracts';
import {
  buildEmailContact,
  buildTicketState,
  commonTestEnv,
  consumerGroupStartingNow,
  fetchJson,
  startService,
  testPublisher,
  TwilioStandIn,
  waitFor,
  type Json,
  type RunningService,
  gatewayTestEnv,
} from '@threadline/testing';
import { createChannelVoiceService } from '../../services/channel-voice/src/app.module';
import { gatewayService } from '../../services/gateway/src/app.module';
import { reportingService } from '../../services/reporting/src/app.module';
import { logIn, newWorkspace, seedAgents, type AgentCall, type TestAgent } from './workspace-agents';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
const ws = newWorkspace('bok');
const agents: Record<'admin' | 'supervisor' | 'agent', TestAgent> = {
  admin: { workspace: ws, email: 'admin@firma.test', role: 'admin' },
  supervisor: { workspace: ws, email: 'kierownik@firma.test', role: 'supervisor' },
  agent: { workspace: ws, email: 'ola@firma.test', role: 'agent' },
};
const gatewayEnv = gatewayTestEnv();
const standIn = new TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN);
const tickets = testPublisher('tickets');
const channel = testPublisher('channel-email');
let reporting: RunningService;
let voice: RunningService;
let gateway: RunningService;
let call: AgentCall<keyof typeof agents>;

beforeAll(async () => {
  await standIn.start();
  await seedAgents(gatewayEnv, Object.values(agents));
  reporting = await startService(reportingService, {
    ...commonTestEnv('reporting'),
    REPORTING_CONSUMER_GROUP: await consumerGroupStartingNow('reporting', [
      TOPICS.contactReceived.name,
      TOPICS.ticketEvents.name,
      TOPICS.slaEvents.name,
    ]),
    REPORTING_CONTACT_REASONS_GROUP: await consumerGroupStartingNow('contact-reasons', [
      TOPICS.contactReceived.name,
      TOPICS.ticketEvents.name,
    ]),
  });
  voice = await startService(createChannelVoiceService(), {
    ...commonTestEnv('channel-voice'),
    VOICE_NUMBERS: JSON.stringify([
      // The platform's default call setup: one menu, the queue "ogolna".
      { workspaceId: ws.id, number: '+48221345699', calls: { greeting: 'Dzień dobry.' } },
    ]),
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_BASE_URL: 'https://voice.threadline.test',
    TWILIO_API_BASE_URL: standIn.url,
    VOICE_SMS_CONSUMER_GROUP: await consumerGroupStartingNow('voice', [TOPICS.outboundRequested.name]),
  });
  gateway = await startService(gatewayService, {
    ...gatewayEnv,
    TICKETS_URL: 'http://127.0.0.1:9',
    REPORTING_URL: reporting.internalUrl,
    CHANNEL_VOICE_URL: voice.internalUrl,
    WALLBOARD_POLL_MS: '300',
    WALLBOARD_MAX_STREAMS_PER_WORKSPACE: '2',
    LIVE_HEARTBEAT_MS: '1000',
  });
  call = await logIn(gateway.url, agents);
  await Promise.all([tickets.connect(), channel.connect()]);
}, 120_000);

afterAll(async () => {
  await Promise.all([tickets.disconnect(), channel.disconnect()]);
  await gateway?.close();
  await voice?.close();
  await reporting?.close();
  await standIn.stop();
});

interface Frame {
  event: string;
  data: Json;
}

/** An open wall-board stream: its frames in order, read as they come. */
async function openStream(headers: Record<string, string>, query = '') {
  const controller = new AbortController();
  const response = await fetch(`${gateway.url}/api/v1/reports/wallboard/stream${query}`, { headers, signal: controller.signal });
  if (response.status !== 200) {
    const body = (await response.json().catch(() => null)) as Json;
    controller.abort();
    return { status: response.status, body };
  }
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  const next = async (): Promise<Frame | null> => {
    for (;;) {
      const end = buffered.indexOf('\n\n');
      if (end >= 0) {
        const raw = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (raw.startsWith(':')) return { event: 'heartbeat', data: null };
        const event = raw
          .split('\n')
          .find((l) => l.startsWith('event: '))!
          .slice(7);
        const data = raw
          .split('\n')
          .find((l) => l.startsWith('data: '))!
          .slice(6);
        return { event, data: JSON.parse(data) };
      }
      const { value, done } = await reader.read();
      if (done) return null;
      buffered += value;
    }
  };
  /** Frames until one satisfies `wanted`. */
  const until = async (wanted: (f: Frame) => boolean): Promise<Frame> => {
    for (;;) {
      const frame = await next();
      if (!frame) throw new Error('the stream ended');
      if (wanted(frame)) return frame;
    }
  };
  return {
    status: 200,
    contentType: response.headers.get('content-type'),
    next,
    until,
    close: () => controller.abort(),
  };
}

type OpenStream = Extract<Awaited<ReturnType<typeof openStream>>, { next: unknown }>;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function tokenOf(who: keyof typeof agents): Promise<string> {
  const login = await fetchJson(`${gateway.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workspace: ws.slug, email: agents[who].email, password: 'correct horse battery staple' }),
  });
  return login.body.accessToken as string;
}

it('sends a snapshot of queues, agents and today, then updates as tickets come in and agents become available', async () => {
  const stream = (await openStream(bearer(await tokenOf('supervisor')))) as OpenStream;
  try {
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    const snapshot = await stream.next();
    expect(snapshot!.event).toBe('snapshot');
    expect(snapshot!.data.today).toMatchObject({ ticketsOpened: 0, timeZone: 'Europe/Warsaw' });
    expect(snapshot!.data.queues.map((q: Json) => q.queue)).toContain('ogolna');
    expect(snapshot!.data.agents).toMatchObject({ available: 0, onCall: 0 });

    // A customer writes in and the tickets service opens a ticket in the complaints queue.
    const ticketId = `t-${randomUUID()}`;
    const now = new Date().toISOString();
    await channel.publish('contact.received.v1', {
      workspaceId: ws.id,
      key: 'c',
      payload: buildEmailContact({ receivedAt: now }),
    });
    await tickets.publish('ticket.created.v1', {
      workspaceId: ws.id,
      key: ticketId,
      payload: {
        ticketId,
        number: 1,
        version: 1,
        customerId: 'c-1',
        subject: 'Reklamacja',
        channel: 'email',
        previousTicketId: null,
        state: buildTicketState({ queue: 'reklamacje' }),
        createdAt: now,
      },
    });
    const update = await stream.until((f) => f.data?.today?.ticketsOpened === 1 && f.data?.today?.contacts === 1);
    expect(update.event).toBe('update');
    expect(update.data.today.backlog.byQueue).toEqual(
      expect.arrayContaining([expect.objectContaining({ value: 'reklamacje', open: 1 })]),
    );

    // Ola takes calls: the board counts her available.
    expect((await call('agent', 'PUT', '/api/v1/voice/presence', { status: 'available', phone: '+48601222333' })).status).toBe(
      200,
    );
    const present = await stream.until((f) => f.data?.agents?.available === 1);
    expect(present.event).toBe('update');
  } finally {
    stream.close();
  }
}, 120_000);

it('lets supervisors only, and a bounded number of streams per workspace', async () => {
  const refused = await openStream(bearer(await tokenOf('agent')));
  expect(refused.status).toBe(403);
  expect((await openStream({})).status).toBe(401);

  // A screen opens with a stream token (EventSource sends no header).
  const { body } = await call('supervisor', 'POST', '/api/v1/live/token');
  const first = (await openStream({}, `?token=${body.token}`)) as OpenStream;
  const second = (await openStream(bearer(await tokenOf('admin')))) as OpenStream;
  try {
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const third = await openStream(bearer(await tokenOf('supervisor')));
    expect(third).toMatchObject({ status: 429, body: { code: 'TOO_MANY_STREAMS' } });
    second.close();
    // The closed stream's place is given back once the gateway sees it closed.
    const again = (await waitFor('a place for another stream', async () => {
      const opened = await openStream(bearer(await tokenOf('supervisor')));
      return opened.status === 200 ? (opened as OpenStream) : undefined;
    })) as OpenStream;
    again.close();
  } finally {
    first.close();
    second.close();
  }
}, 120_000);

it('closes the stream with a reason when the supervisor loses the role, and keeps it alive with heartbeats meanwhile', async () => {
  const stream = (await openStream(bearer(await tokenOf('supervisor')))) as OpenStream;
  expect((await stream.next())!.event).toBe('snapshot');
  // Nothing changes on the board meanwhile: heartbeats keep the connection open.
  expect((await stream.until((f) => f.event === 'heartbeat')).data).toBeNull();
  const supervisorId = (await call('admin', 'GET', '/api/v1/agents')).body.items.find(
    (a: Json) => a.email === agents.supervisor.email,
  ).id;
  expect((await call('admin', 'PATCH', `/api/v1/agents/${supervisorId}`, { role: 'agent' })).status).toBe(200);
  const closed = await stream.until((f) => f.event === 'closed');
  expect(closed.data).toEqual({ reason: 'role-changed' });
  expect(await stream.next()).toBeNull();
}, 120_000);
