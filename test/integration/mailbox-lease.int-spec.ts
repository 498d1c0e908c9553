// Two channel-email instances on one mailbox: one syncs, the other stands by
// and takes over when the first stops. No mail is ingested twice.
import { TOPICS } from '@threadline/contracts';
import {
  buildRawMail,
  commonTestEnv,
  EventProbe,
  startService,
  testInfra,
  uniqueName,
  waitFor,
  type RunningService,
  appendToMailbox,
} from '@threadline/testing';
import { channelEmailService } from '../../services/channel-email/src/app.module';
import { MailboxSyncModule } from '../../services/channel-email/src/mailbox-sync/mailbox-sync.module';

const infra = testInfra();
const probe = new EventProbe(infra.kafkaBrokers.split(','));
beforeAll(() => probe.start([TOPICS.contactReceived.name]));
afterAll(() => probe.stop());

function deliver(user: string, from: number, count: number) {
  const mails = Array.from({ length: count }, (_, k) =>
    buildRawMail({
      from: { name: `Klient ${from + k}`, address: `k${from + k}@klient.pl` },
      to: user,
      subject: `Sprawa ${from + k}`,
      body: `treść ${from + k}`,
      messageId: `<lease-${from + k}@klient.pl>`,
    }),
  );
  return appendToMailbox(user, mails);
}

it('syncs a mailbox on one instance at a time and fails over when it stops', async () => {
  const ws = uniqueName('ws');
  const user = `${uniqueName('bok')}@firma.test`;
  const env = {
    ...commonTestEnv('channel-email'),
    EMAIL_LEASE_TTL_MS: '1500',
    EMAIL_POLL_INTERVAL_MS: '1000',
    EMAIL_MAILBOXES: JSON.stringify([
      { id: 'bok', workspaceId: ws, host: infra.imap.host, port: infra.imap.port, user, password: infra.imap.password },
    ]),
  };
  const instances: RunningService[] = [
    await startService(channelEmailService, env),
    await startService(channelEmailService, env),
  ];
  const syncing = () => instances.map((i) => i.app.get(MailboxSyncModule).syncing.length);
  const contacts = () => probe.events().filter((e) => e.type === 'contact.received.v1' && e.workspaceId === ws);
  try {
    expect(syncing().sort()).toEqual([0, 1]);
    await deliver(user, 0, 10);
    await waitFor('10 contacts', () => contacts().length >= 10);

    const holder = syncing().indexOf(1);
    await instances[holder].close();
    const standby = instances[1 - holder];
    await waitFor('the standby to take the mailbox over', () => standby.app.get(MailboxSyncModule).syncing.length === 1, {
      timeoutMs: 10_000,
    });
    await deliver(user, 10, 5);
    await waitFor('15 contacts', () => contacts().length >= 15);
    await new Promise((r) => setTimeout(r, 1500));
    const ids = contacts().map((e) => (e.payload as { providerMessageId: string }).providerMessageId);
    expect(ids).toHaveLength(15);
    expect(new Set(ids).size).toBe(15);
    instances.splice(holder, 1);
  } finally {
    await Promise.all(instances.map((i) => i.close()));
  }
});
