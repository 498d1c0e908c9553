// channel-email, run as the platform runs it (its own process), gets SIGTERM
// while mails keep arriving over SMTP: it finishes the sync in progress, saves
// its checkpoint, releases its mailbox lease and exits on its own within
// SHUTDOWN_TIMEOUT_MS; the instance standing by takes the mailbox over at once
// (not after the lease's lifetime), and every mail is published exactly once.
import { TOPICS } from '@threadline/contracts';
import {
  buildRawMail,
  commonTestEnv,
  EventProbe,
  sendOverSmtp,
  startServiceProcess,
  testInfra,
  uniqueName,
  waitFor,
  type ServiceProcess,
} from '@threadline/testing';

const MAILS = 120;
/** Mails per second, steady, whatever the service is doing. */
const RATE = 4;

const infra = testInfra();
const probe = new EventProbe(infra.kafkaBrokers.split(','));
const ws = uniqueName('ws');
const mailbox = `${uniqueName('bok')}@firma.test`;
const messageId = (n: number) => `${ws}.${n}@klient.pl`;
const instances: ServiceProcess[] = [];

/** How often each of our mails was published as a contact, by Message-ID. */
function published(): Map<string, number> {
  const perMail = new Map<string, number>();
  for (const event of probe.events()) {
    if (event.type !== 'contact.received.v1' || event.workspaceId !== ws) continue;
    const id = (event.payload as { providerMessageId: string }).providerMessageId.replace(/^<|>$/g, '');
    perMail.set(id, (perMail.get(id) ?? 0) + 1);
  }
  return perMail;
}

/** Sends MAILS at RATE/s on its own schedule; resolves when the server has accepted all. */
async function steadyMail(): Promise<void> {
  const started = Date.now();
  for (let n = 0; n < MAILS; n++) {
    const due = started + (n * 1000) / RATE;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    const from = `klient${n}@klient.pl`;
    const raw = buildRawMail({
      from: { name: `Klient ${n}`, address: from },
      to: mailbox,
      subject: `Reklamacja ${n}`,
      body: `Dzień dobry, paczka ${n} nie dotarła — zażółć gęślą jaźń`,
      messageId: `<${messageId(n)}>`,
    });
    await sendOverSmtp({ from, to: [mailbox] }, raw);
  }
}

beforeAll(() => probe.start([TOPICS.contactReceived.name]), 60_000);
afterAll(async () => {
  await probe.stop();
  await Promise.all(instances.map((i) => i.terminate()));
});

it('finishes its sync on SIGTERM within the shutdown timeout and hands the mailbox over: no mail lost or published twice', async () => {
  const env = {
    ...commonTestEnv('channel-email'),
    // Far longer than the test: only the released lease lets the standby take over in time.
    EMAIL_LEASE_TTL_MS: '600000',
    EMAIL_MAILBOX_REFRESH_MS: '500',
    EMAIL_MAILBOXES: JSON.stringify([
      { id: 'bok', workspaceId: ws, host: infra.imap.host, port: infra.imap.port, user: mailbox, password: infra.imap.password },
    ]),
  };
  // The first to start takes the lease; the second stands by.
  instances.push(await startServiceProcess('channel-email', env));
  await waitFor('the first instance to hold the mailbox', async () => (await heldBy(instances[0])) === 1, {
    timeoutMs: 60_000,
  });
  instances.push(await startServiceProcess('channel-email', env));
  const load = steadyMail();
  // Under load: the first instance is publishing mails when the signal comes.
  await waitFor('the first instance to publish mails', () => published().size >= 20, { timeoutMs: 120_000, intervalMs: 200 });
  const exit = await instances[0].terminate();
  // It finished on its own: Nest closes the app and re-raises the signal (or exits 0); the guard would exit 1.
  expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
  // A generous bound on the contract (10 s timeout + process exit), not a speed target.
  expect(exit.ms).toBeLessThan(Number(env.SHUTDOWN_TIMEOUT_MS) + 5000);
  expect(published().size).toBeLessThan(MAILS); // the rest is for the standby
  // Released on shutdown: the standby holds it long before the lease's 10 minutes are over.
  await waitFor('the standby to take the mailbox over', async () => (await heldBy(instances[1])) === 1, { timeoutMs: 60_000 });

  await load;
  await waitFor('every mail published', () => published().size >= MAILS, { timeoutMs: 300_000, intervalMs: 500 });
  // Settled: a mail synced twice (from a stale checkpoint) would be published again now.
  await new Promise((r) => setTimeout(r, 3000));
  const perMail = published();
  const expected = Array.from({ length: MAILS }, (_, n) => messageId(n));
  expect(expected.filter((id) => !perMail.has(id))).toEqual([]); // 0 lost
  expect([...perMail].filter(([, count]) => count > 1)).toEqual([]); // 0 published twice
  expect(perMail.size).toBe(MAILS);
}, 600_000);

/** How many mailboxes an instance holds (syncing or failing), from its metrics. */
async function heldBy(instance: ServiceProcess): Promise<number> {
  const text = await fetch(`${instance.url}/metrics`).then((r) => r.text());
  return [...text.matchAll(/^threadline_email_mailboxes_held\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}
