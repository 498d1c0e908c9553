// Routing rules end to end: an admin writes rules through the gateway, a
// customer's SMS with "reklamację" becomes a ticket, and routing moves it to
// the complaints queue with a higher priority, answers the customer from the
// rule's template on their channel, and writes each firing on the timeline.
// Real: Kafka, the store, gateway, tickets, routing.
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import {
  buildContact,
  commonTestEnv,
  consumerGroupStartingNow,
  EventProbe,
  type Json,
  type RunningService,
  startService,
  testInfra,
  testPublisher,
  waitFor,
  gatewayTestEnv,
} from '@threadline/testing';
import { gatewayService } from '../../services/gateway/src/app.module';
import { channelSocialService } from '../../services/channel-social/src/app.module';
import { startRouting, startTickets } from './started-services';
import { logIn, newWorkspace, seedAgents, type AgentCall, type TestAgent } from './workspace-agents';

const ws = newWorkspace('sklep');
const agents: Record<'admin' | 'agent' | 'piotr', TestAgent> = {
  admin: { workspace: ws, email: 'admin@sklep.test', role: 'admin' },
  agent: { workspace: ws, email: 'ola@sklep.test', role: 'agent' },
  piotr: { workspace: ws, email: 'piotr@sklep.test', role: 'agent' },
};
const probe = new EventProbe(testInfra().kafkaBrokers.split(','));
const publisher = testPublisher('channel-voice');
const gatewayPublisher = testPublisher('gateway');
const running: RunningService[] = [];
let call: AgentCall<keyof typeof agents>;

beforeAll(async () => {
  await probe.start([TOPICS.outboundRequested.name]);
  await publisher.connect();
  await gatewayPublisher.connect();
  const gatewayEnv = gatewayTestEnv();
  await seedAgents(gatewayEnv, Object.values(agents));
  const tickets = await startTickets();
  // Slack on without any team of this workspace, Messenger off: rules may not answer on either.
  const social = await startService(channelSocialService, {
    ...commonTestEnv('channel-social'),
    SLACK_CONSUMER_GROUP: await consumerGroupStartingNow('slack', [TOPICS.outboundRequested.name]),
  });
  const routing = await startRouting(tickets, { social });
  const gateway = await startService(gatewayService, {
    ...gatewayEnv,
    TICKETS_URL: tickets.internalUrl,
    ROUTING_URL: routing.internalUrl,
  });
  running.push(gateway, routing, social, tickets);
  call = await logIn(gateway.url, agents);
}, 180_000);

afterAll(async () => {
  for (const service of running) await service.close();
  await publisher.disconnect();
  await gatewayPublisher.disconnect();
  await probe.stop();
});

const complaintsRule = {
  name: 'Reklamacje',
  trigger: 'ticket.created',
  conditions: { keywords: ['reklamacja'] },
  actions: [
    { type: 'set-queue', queue: 'reklamacje' },
    { type: 'set-priority', priority: 'high' },
    {
      type: 'send-template',
      templates: {
        pl: 'Dzień dobry, przyjęliśmy reklamację jako zgłoszenie nr {{number}}. Odpowiemy w ciągu 14 dni.',
        en: 'Hello, we have your complaint as request #{{number}}.',
      },
    },
  ],
  stopProcessing: true,
};

it('refuses rules that cannot be valid, naming the field, and lets only admins write them', async () => {
  expect((await call('agent', 'POST', '/api/v1/routing/rules', complaintsRule)).status).toBe(403);
  const bad = await call('admin', 'POST', '/api/v1/routing/rules', {
    name: 'zła',
    trigger: 'ticket.created',
    conditions: { keyword: ['x'], pattern: '(a+)+$', changedFields: ['queue'] },
    actions: [
      { type: 'send-template', templates: { pl: 'Nr {{numer}}' } },
      { type: 'set-colour', colour: 'red' },
    ],
  });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: Json) => e.field)).toEqual(
    expect.arrayContaining(['conditions.keyword', 'actions.0.templates.pl', 'actions.1.type']),
  );
  const unsafe = await call('admin', 'POST', '/api/v1/routing/rules', {
    name: 'wzorzec',
    trigger: 'ticket.created',
    conditions: { pattern: '(a+)+$', changedFields: ['queue'] },
    actions: [{ type: 'add-tags', tags: ['x'] }],
  });
  expect(unsafe.status).toBe(400);
  expect(unsafe.body.errors).toEqual([
    { field: 'conditions.pattern', reason: expect.stringContaining('backtrack') },
    { field: 'conditions.changedFields', reason: expect.any(String) },
  ]);
  for (const channel of ['messenger', 'slack']) {
    const elsewhere = await call('admin', 'POST', '/api/v1/routing/rules', {
      name: 'odpowiedź gdzie indziej',
      trigger: 'ticket.created',
      actions: [
        { type: 'add-tags', tags: ['x'] },
        { type: 'send-template', channel, templates: { pl: 'Nr {{number}}' } },
      ],
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.errors).toEqual([
      { field: 'actions.1.channel', reason: expect.stringMatching(/^the workspace has no .* connected$/) },
    ]);
  }
  expect((await call('admin', 'GET', '/api/v1/routing/rules')).body).toEqual({ version: 0, items: [] });
});

it('routes a complaint by SMS to the complaints queue with a higher priority, answers the customer and shows why', async () => {
  // Runs first of all: a template reply on a channel the customer has no address on — it fails, the rest goes on.
  const messengerAck = await call('admin', 'POST', '/api/v1/routing/rules', {
    name: 'Potwierdzenie e-mailem',
    trigger: 'ticket.created',
    actions: [
      { type: 'send-template', channel: 'email', templates: { pl: 'Zgłoszenie {{number}}' } },
      { type: 'add-tags', tags: ['auto'] },
    ],
  });
  expect(messengerAck.status).toBe(201);
  const complaints = await call('admin', 'POST', '/api/v1/routing/rules', complaintsRule);
  expect(complaints.status).toBe(201);
  expect(complaints.body).toMatchObject({ name: 'Reklamacje', version: 1, position: 1 });
  const afterStop = await call('admin', 'POST', '/api/v1/routing/rules', {
    name: 'Wszystkie',
    trigger: 'ticket.created',
    actions: [{ type: 'add-tags', tags: ['ogolne'] }],
  });
  const listed = await call('admin', 'GET', '/api/v1/routing/rules');
  expect(listed.body.version).toBe(3);
  expect(listed.body.items.map((r: Json) => r.name)).toEqual(['Potwierdzenie e-mailem', 'Reklamacje', 'Wszystkie']);

  // The tester on a made-up contact: what would happen, nothing changed.
  const tried = await call('admin', 'POST', '/api/v1/routing/rules/test', {
    sample: { channel: 'sms', text: 'Chcę złożyć reklamację butów' },
  });
  expect(tried.status).toBe(200);
  expect(tried.body.firings.map((f: Json) => f.name)).toEqual(['Potwierdzenie e-mailem', 'Reklamacje']);
  expect(tried.body.ticketAfter).toMatchObject({ queue: 'reklamacje', priority: 'high', tags: ['auto'] });

  const contact = buildContact('sms', [{ kind: 'phone', value: '+48601555111' }], {
    recipient: '+48221234567',
    text: 'Dzień dobry, składam reklamację butów z zamówienia 123.',
  });
  await publisher.publish('contact.received.v1', { workspaceId: ws.id, key: 'phone:+48601555111', payload: contact });

  const ticket = await waitFor('the ticket routed', async () => {
    const list = await call('admin', 'GET', '/api/v1/tickets');
    const number = list.body.items?.[0]?.number;
    if (!number) return null;
    const detail = await call('admin', 'GET', `/api/v1/tickets/${number}`);
    const notes = detail.body.timeline.filter((e: Json) => e.kind === 'note');
    return detail.body.queue === 'reklamacje' && notes.length >= 2 ? detail.body : null;
  });
  expect(ticket).toMatchObject({ queue: 'reklamacje', priority: 'high', tags: ['auto'], status: 'new', firstResponseAt: null });
  const notes = ticket.timeline.filter((e: Json) => e.kind === 'note').map((e: Json) => e.text);
  expect(notes).toEqual([
    [
      'Reguła „Potwierdzenie e-mailem” (nowe zgłoszenie)',
      '✓ tagi → auto',
      '✗ odpowiedź z szablonu (pl, email): the customer has no email identity to answer on email',
    ].join('\n'),
    ['Reguła „Reklamacje” (nowe zgłoszenie)', '✓ priorytet → high, kolejka → reklamacje', '✓ odpowiedź z szablonu (pl)'].join(
      '\n',
    ),
  ]);
  expect(notes.join('\n')).not.toContain('Wszystkie');

  // The customer's acknowledgement: on their channel (SMS), from the template, with the ticket number.
  const ack = (await probe.waitForEvent(
    'the template acknowledgement',
    (e) => e.type === 'outbound.requested.v1' && e.workspaceId === ws.id,
  )) as TypedEnvelope<'outbound.requested.v1'>;
  expect(ack.payload).toMatchObject({
    channel: 'sms',
    to: { kind: 'phone', value: '+48601555111' },
    from: '+48221234567',
    kind: 'acknowledgement',
    text: `Dzień dobry, przyjęliśmy reklamację jako zgłoszenie nr ${ticket.number}. Odpowiemy w ciągu 14 dni.`,
  });
  const sent = ticket.timeline.find((e: Json) => e.kind === 'message' && e.direction === 'outbound');
  expect(sent).toMatchObject({ automatic: true, channel: 'sms', authorId: 'routing' });

  // On the real ticket now, the tester says the rules already fired for it.
  const again = await call('admin', 'POST', '/api/v1/routing/rules/test', { ticketNumber: ticket.number });
  expect(again.body.alreadyFired).toEqual([messengerAck.body.id, complaints.body.id]);
  expect(again.body.firings.map((f: Json) => f.name)).toEqual([]);
  expect(afterStop.status).toBe(201);

  // Rule changes are in the audit trail, by whom.
  const audit = await call('admin', 'GET', '/api/v1/audit?entityType=routing-rule');
  expect(audit.body.items.map((e: Json) => e.action)).toEqual(expect.arrayContaining(['routing.rule.create']));
});

it('changes and removes a rule, refusing a change made on a stale copy', async () => {
  const created = await call('admin', 'POST', '/api/v1/routing/rules', {
    name: 'VIP',
    trigger: 'ticket.created',
    conditions: { customerTiers: ['vip'] },
    actions: [{ type: 'set-queue', queue: 'senior' }],
    position: 0,
  });
  expect(created.body.position).toBe(0);
  const path = `/api/v1/routing/rules/${created.body.id}`;
  const changed = await call('admin', 'PATCH', path, { enabled: false, version: 1 });
  expect(changed.body).toMatchObject({ enabled: false, version: 2 });
  expect((await call('admin', 'PATCH', path, { enabled: true, version: 1 })).status).toBe(409);
  expect((await call('admin', 'PATCH', path, { trigger: 'customer.replied', conditions: { statusTo: ['open'] } })).status).toBe(
    400,
  );
  expect((await call('admin', 'DELETE', path)).status).toBe(204);
  expect((await call('admin', 'GET', path)).status).toBe(404);
});

it('assigns complaints to present members of the complaints queue, the least loaded first', async () => {
  const { body: team } = await call('admin', 'GET', '/api/v1/agents');
  const idOf = (email: string) => team.items.find((a: Json) => a.email === email).id as string;
  const [ola, piotr] = [idOf('ola@sklep.test'), idOf('piotr@sklep.test')];
  const queue = { members: [ola, piotr], mode: 'least-loaded' };
  expect((await call('agent', 'PUT', '/api/v1/routing/queues/reklamacje', queue)).status).toBe(403);
  const bad = await call('admin', 'PUT', '/api/v1/routing/queues/reklamacje', { members: [], mode: 'random' });
  expect(bad.body.errors.map((e: Json) => e.field)).toEqual(['members', 'mode']);
  expect((await call('admin', 'PUT', '/api/v1/routing/queues/reklamacje', queue)).body).toMatchObject(queue);

  const { body: rules } = await call('admin', 'GET', '/api/v1/routing/rules');
  const complaints = rules.items.find((r: Json) => r.name === 'Reklamacje');
  await call('admin', 'PATCH', `/api/v1/routing/rules/${complaints.id}`, {
    actions: [...complaints.actions, { type: 'assign' }],
  });
  // Ola switched herself available; Piotr is not available for anything.
  expect((await call('agent', 'PUT', '/api/v1/routing/presence', { status: 'available' })).body).toEqual({
    agentId: ola,
    status: 'available',
  });
  const chatPresence = (status: 'available' | 'away') =>
    gatewayPublisher.publish('chat.presence.v1', {
      workspaceId: ws.id,
      key: piotr,
      payload: {
        agentId: piotr,
        status,
        expiresAt: status === 'available' ? new Date(Date.now() + 90_000).toISOString() : null,
        at: new Date().toISOString(),
      },
    });
  const wouldAssign = async () => {
    const tried = await call('admin', 'POST', '/api/v1/routing/rules/test', { sample: { channel: 'sms', text: 'reklamacja' } });
    return tried.body.firings.find((f: Json) => f.name === 'Reklamacje');
  };

  const complain = async (phone: string) => {
    const before = (await call('admin', 'GET', '/api/v1/tickets?sort=number')).body.items[0]?.number ?? 0;
    const contact = buildContact('sms', [{ kind: 'phone', value: phone }], {
      text: 'Reklamacji ciąg dalszy, buty się rozkleiły.',
    });
    await publisher.publish('contact.received.v1', { workspaceId: ws.id, key: `phone:${phone}`, payload: contact });
    return waitFor(`the complaint from ${phone} assigned`, async () => {
      const newest = (await call('admin', 'GET', '/api/v1/tickets?sort=number')).body.items[0];
      return newest && newest.number > before && newest.assigneeId ? newest : null;
    });
  };
  expect(await complain('+48601555222')).toMatchObject({ queue: 'reklamacje', assigneeId: ola });

  // Piotr's chat presence makes him present (he never used the switch); with one ticket less than Ola, he is next.
  await chatPresence('available');
  await waitFor('Piotr present through chat', async () =>
    (await wouldAssign()).would[0].request.assigneeId === piotr ? true : null,
  );
  const second = await complain('+48601555333');
  expect(second.assigneeId).toBe(piotr);
  // The firing's note follows its calls.
  const noteTexts = await waitFor('the firing on the timeline', async () => {
    const detail = await call('admin', 'GET', `/api/v1/tickets/${second.number}`);
    const notes = detail.body.timeline.filter((e: Json) => e.kind === 'note').map((e: Json) => e.text as string);
    return notes.length >= 2 ? notes : null;
  });
  expect(noteTexts.join('\n')).toContain(`✓ priorytet → high, kolejka → reklamacje, przypisanie → ${piotr}`);

  // Nobody present: the assignment would fail (on the timeline), the rest of the rule still applies.
  await call('agent', 'PUT', '/api/v1/routing/presence', { status: 'away' });
  await chatPresence('away');
  const nobody = await waitFor('nobody present', async () => ((await wouldAssign()).failures.length > 0 ? wouldAssign() : null));
  expect(nobody.failures).toEqual(['✗ przypisanie z kolejki: nikt z kolejki reklamacje nie jest dostępny']);
  expect(nobody.would.map((w: Json) => w.summary)).toEqual([
    'priorytet → high, kolejka → reklamacje',
    'odpowiedź z szablonu (pl)',
  ]);
});
