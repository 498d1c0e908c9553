// Retention per workspace on real Kafka and the real store, with the tickets
// service's clock moved by hand: an admin sets the periods (validated,
// audited); on the next local day the daily run anonymises the closed ticket
// older than its period, the old chat line and the old call's recording, and
// leaves the younger ones; two instances share the clock and the day is run
// once. And an erasure no longer names a file another customer also sent.
import { DateTime } from 'luxon';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import {
  buildContact,
  commonTestEnv,
  consumerGroupStartingNow,
  EventProbe,
  startService,
  testPublisher,
  uniqueName,
  waitFor,
  type Json,
  type RunningService,
} from '@threadline/testing';
import { ticketsServiceWith } from '../src/app.module';
import { RetentionScheduler } from '../src/retention/retention-scheduler';

const DAY = 86_400_000;
/** Both instances read "now" here; the test moves it. */
const time = { current: new Date(), now: () => new Date(time.current) };
const admin = { id: 'admin-1', role: 'admin' as const };
const publisher = testPublisher('channel-email');
const ws = uniqueName('ws-retention');
let instances: RunningService[] = [];
let probe: EventProbe;

const api = (caller = admin) => instances[0].internalApi(ws, caller);
const schedulers = () => instances.map((i) => i.app.get(RetentionScheduler));
const file = (ref: string) => ({ ref, filename: `${ref}.pdf`, contentType: 'application/pdf', size: 10, inline: false });

async function contact(payload: ReturnType<typeof buildContact>, workspaceId = ws) {
  await publisher.publish('contact.received.v1', { workspaceId, key: payload.from[0].value, payload });
}

/** The ticket holding the message with this provider id, once it is on a timeline. */
async function ticketOf(providerMessageId: string, workspaceId = ws): Promise<Json> {
  return waitFor(`the ticket of ${providerMessageId}`, async () => {
    const list = await instances[0].internalApi(workspaceId).fetch('tickets?limit=100');
    for (const item of (list.body?.items ?? []) as Json[]) {
      const detail = await instances[0].internalApi(workspaceId).fetch(`tickets/${item.number}`);
      if (detail.body.timeline.some((e: Json) => e.providerMessageId === providerMessageId)) return detail.body;
    }
    return null;
  });
}

async function close(number: number): Promise<Date> {
  const closed = await api().fetch(`tickets/${number}`, { method: 'PATCH', body: { status: 'closed' } });
  expect(closed.status).toBe(200);
  return new Date(closed.body.statusChangedAt);
}

const expiries = () =>
  probe
    .events()
    .filter((e) => e.type === 'customer.data-expired.v1' && e.workspaceId === ws) as TypedEnvelope<'customer.data-expired.v1'>[];

beforeAll(async () => {
  const env = {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]),
    TICKETS_EMAIL_ACKNOWLEDGEMENT: 'false',
    TICKETS_RETENTION_POLL_MS: '200',
  };
  // One store, one group, one clock: two instances of one deployment.
  instances = await Promise.all([startService(ticketsServiceWith(time), env), startService(ticketsServiceWith(time), env)]);
  probe = new EventProbe(env.KAFKA_BROKERS.split(','));
  await probe.start([TOPICS.customerEvents.name]);
  await publisher.connect();
}, 180_000);

afterAll(async () => {
  await publisher.disconnect();
  await probe?.stop();
  await Promise.all(instances.map((i) => i.close()));
});

describe('retention settings', () => {
  it('are off until an admin sets them; bad periods answer 400 naming the field; agents may not', async () => {
    const initial = await api().fetch('retention');
    expect(initial.body).toMatchObject({ closedTicketsMonths: null, chatTranscriptsMonths: null, rejectedMailsDays: null });
    const bad = await api().fetch('retention', { method: 'PUT', body: { closedTicketsMonths: 0, chatTranscriptsMonths: 'rok' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: Json) => e.field).sort()).toEqual(['chatTranscriptsMonths', 'closedTicketsMonths']);
    const byAgent = await api({ id: 'agent-ola', role: 'agent' as never }).fetch('retention', {
      method: 'PUT',
      body: { closedTicketsMonths: 12 },
    });
    expect(byAgent.status).toBe(403);
    expect((await api().fetch('retention')).body.closedTicketsMonths).toBeNull();
  });
});

describe('the daily run', () => {
  it('anonymises what outlived its period, keeps the younger, once for two instances, and says so', async () => {
    const now = Date.now();
    const mail = (who: string, refs: string[]) =>
      buildContact('email', [{ kind: 'email', value: `${who}@example.pl` }], {
        subject: `Reklamacja ${who}`,
        text: `Zażółć gęślą jaźń — ${who}`,
        attachments: refs.map(file),
        providerMessageId: `mail-${who}-${ws}`,
      });
    await contact(mail('stary', ['attachment:wspolny', 'attachment:tylko-stary']));
    await contact(mail('mlody', ['attachment:wspolny']));
    const chat = { kind: 'chat' as const, value: `visitor-${ws}` };
    const line = (n: string, daysAgo: number) =>
      buildContact('chat', [chat], {
        text: `czat ${n}`,
        providerMessageId: `${ws}-chat-${n}:1`,
        receivedAt: new Date(now - daysAgo * DAY).toISOString(),
        thread: { inReplyTo: null, references: [], providerThreadId: `${ws}-chat-${n}` },
      });
    await contact(line('stary', 40));
    await contact(line('mlody', 20));
    const caller = { kind: 'phone' as const, value: '+48601222333' };
    const call = (sid: string, daysAgo: number) =>
      buildContact('voice', [caller], {
        text: 'Poczta głosowa',
        providerMessageId: sid,
        receivedAt: new Date(now - daysAgo * DAY).toISOString(),
      });
    await contact(call(`CA-old-${ws}`, 70));
    await contact(call(`CA-young-${ws}`, 50));

    const old = await ticketOf(`mail-stary-${ws}`);
    const young = await ticketOf(`mail-mlody-${ws}`);
    const oldLine = await ticketOf(`${ws}-chat-stary:1`);
    const youngLine = await ticketOf(`${ws}-chat-mlody:1`);
    await ticketOf(`CA-old-${ws}`);
    await ticketOf(`CA-young-${ws}`);
    const closedOld = await close(old.number);
    await waitFor('a later instant', () => Date.now() > closedOld.getTime() + 5);
    const closedYoung = await close(young.number);

    const settings = await api().fetch('retention', {
      method: 'PUT',
      body: { closedTicketsMonths: 12, chatTranscriptsMonths: 13, callRecordingsMonths: 14, rejectedMailsDays: 30 },
    });
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({ closedTicketsMonths: 12, rejectedMailsDays: 30, updatedBy: 'admin-1' });

    // A day 12 months after the instant between the two closings: the first is past its period, the second not;
    // the chat line of 40 days ago is past 13 months, the one of 20 days not; the call of 70 days past 14, of 50 not.
    const between = new Date((closedOld.getTime() + closedYoung.getTime()) / 2);
    const ranBefore = schedulers().map((s) => s.outcomes.length);
    time.current = DateTime.fromJSDate(between, { zone: 'Europe/Warsaw' }).plus({ months: 12 }).toJSDate();
    const day = DateTime.fromJSDate(time.current, { zone: 'Europe/Warsaw' }).toISODate();

    const run = await waitFor(
      'the day’s run',
      async () => ((await api().fetch('retention/runs')).body.items as Json[]).find((r) => r.day === day),
      { timeoutMs: 60_000 },
    );
    // Both instances polled again after the run: neither runs the day a second time.
    await waitFor('both instances past the day’s run', () => schedulers().every((s, i) => s.outcomes.length >= ranBefore[i] + 2));
    const outcomes = schedulers().flatMap((s, i) => s.outcomes.slice(ranBefore[i]));
    expect(outcomes.filter((o) => o === 'ran')).toHaveLength(1);
    expect(run.counts).toEqual({
      closedTickets: 1,
      messages: 1,
      notes: 0,
      chatTranscriptLines: 1,
      callRecordings: 1,
      attachments: 1,
    });
    expect((await api().fetch('retention/runs')).body.items.filter((r: Json) => r.day === day)).toHaveLength(1);

    // The old closed ticket: texts, senders, subject and files gone; status, channel and timings stay.
    const anonymised = (await api().fetch(`tickets/${old.number}`)).body;
    expect(anonymised).toMatchObject({ status: 'closed', channel: 'email', createdAt: old.createdAt });
    expect(anonymised.anonymisedAt).toBeTruthy();
    // (The customer record stays: they may have younger tickets; an erasure removes it.)
    expect(JSON.stringify({ ...anonymised, customer: null })).not.toMatch(/stary|Zażółć|wspolny/);
    // The younger closed ticket is as it was.
    const kept = (await api().fetch(`tickets/${young.number}`)).body;
    expect(kept.anonymisedAt).toBeUndefined();
    expect(JSON.stringify(kept.timeline)).toContain('Zażółć gęślą jaźń — mlody');
    // The old chat line's text is gone, the young one's stays.
    const chatEntry = async (number: number, id: string) =>
      ((await api().fetch(`tickets/${number}`)).body.timeline as Json[]).find((e) => e.id === id);
    const oldLineEntry = oldLine.timeline.find((e: Json) => e.providerMessageId === `${ws}-chat-stary:1`);
    expect((await chatEntry(oldLine.number, oldLineEntry.id)).text).not.toContain('czat stary');
    expect(JSON.stringify((await api().fetch(`tickets/${youngLine.number}`)).body.timeline)).toContain('czat mlody');

    // The other services are told, once: the expired ticket, its own file (not the one the younger ticket also
    // holds), the old chat session and call, and the day before which set-aside raw mails go.
    await waitFor('the expiry events', () => expiries().some((e) => e.payload.rejectedMailsBefore !== null));
    const told = expiries().map((e) => e.payload);
    expect(told.flatMap((p) => p.ticketIds)).toEqual([old.id]);
    expect(told.flatMap((p) => p.attachmentRefs)).toEqual(['attachment:tylko-stary']);
    expect(told.flatMap((p) => p.contactRefs.map((r) => r.providerMessageId)).sort()).toEqual(
      [`${ws}-chat-stary:1`, `CA-old-${ws}`].sort(),
    );
    expect(JSON.stringify(told)).not.toMatch(/CA-young|chat-mlody|example\.pl/);

    // Audited: the settings change (before → after) and the run (counts only).
    const audit = (await api().fetch('audit?entityType=retention')).body.items as Json[];
    expect(audit.map((a) => a.action).sort()).toEqual(['retention.run', 'retention.update']);
    expect(audit.find((a) => a.action === 'retention.run').after).toEqual(run.counts);
  }, 240_000);
});

describe('erasure and shared attachments', () => {
  it('does not name a file another customer also sent', async () => {
    const other = uniqueName('ws-shared-file');
    const send = (who: string, refs: string[]) =>
      contact(
        buildContact('email', [{ kind: 'email', value: `${who}@example.pl` }], {
          attachments: refs.map(file),
          providerMessageId: `mail-${who}-${other}`,
        }),
        other,
      );
    await send('anna', ['attachment:faktura', 'attachment:zdjecie-anny']);
    await send('piotr', ['attachment:faktura']);
    const anna = await ticketOf(`mail-anna-${other}`, other);
    await ticketOf(`mail-piotr-${other}`, other);
    const erased = await instances[0]
      .internalApi(other, admin)
      .fetch(`customers/${anna.customerId}/erasure`, { method: 'POST', body: { reason: 'wniosek klientki z 2026-12-01' } });
    expect(erased.status).toBe(200);
    const event = (await probe.waitForEvent(
      'the erasure event',
      (e) => e.type === 'customer.erased.v1' && e.workspaceId === other,
    )) as TypedEnvelope<'customer.erased.v1'>;
    // Channel-email deletes what the event names: Anna's photo, not the invoice Piotr sent too.
    expect(event.payload.attachmentRefs).toEqual(['attachment:zdjecie-anny']);
  }, 120_000);
});
