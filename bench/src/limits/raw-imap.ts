import { ImapFlow } from 'imapflow';
import { perSecond } from '../stats';

/** imapflow alone: fetch the whole source of every message in the mailbox. */
export async function rawImapFetchRate(options: { host: string; port: number; user: string; password: string }) {
  const client = new ImapFlow({
    host: options.host,
    port: options.port,
    secure: false,
    auth: { user: options.user, pass: options.password },
    logger: false,
  });
  await client.connect();
  const mailbox = await client.mailboxOpen('INBOX');
  const started = Date.now();
  let fetched = 0;
  for await (const message of client.fetch('1:*', { uid: true, source: true })) if (message.source) fetched++;
  const ms = Date.now() - started;
  await client.logout();
  return { messages: mailbox.exists, fetched, fetchPerSecond: perSecond(fetched, ms) };
}
