import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import { testInfra, testSmtp } from './test-env';

/** Runs `work` logged in as `user` on the test IMAP server (any user name logs in with the shared password). */
async function asImapUser<T>(user: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const { imap } = testInfra();
  const client = new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: false,
    auth: { user, pass: imap.password },
    logger: false,
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout();
  }
}

/**
 * Puts mails into a user's INBOX on the test IMAP server, as a mail server
 * delivering them would. Strings may use \n line ends; they are sent as CRLF.
 */
export function appendToMailbox(user: string, mails: (Buffer | string)[]): Promise<void> {
  return asImapUser(user, async (client) => {
    for (const mail of mails)
      await client.append('INBOX', typeof mail === 'string' ? Buffer.from(mail.replace(/\r?\n/g, '\r\n')) : mail);
  });
}

/** Every mail in a user's INBOX on the test IMAP server, oldest first, as raw bytes. */
export function readMailbox(user: string): Promise<Buffer[]> {
  return asImapUser(user, async (client) => {
    const box = await client.mailboxOpen('INBOX');
    if (box.exists === 0) return [];
    const messages = await client.fetchAll('1:*', { uid: true, source: true });
    return messages.sort((a, b) => a.uid - b.uid).flatMap((m) => (m.source ? [m.source] : []));
  });
}

/**
 * Hands a raw mail to the test SMTP server, as a customer's mail provider
 * would; it arrives in the recipient's mailbox on the test IMAP server.
 */
export async function sendOverSmtp(envelope: { from: string; to: string[] }, raw: Buffer | string): Promise<void> {
  const smtp = testSmtp();
  const transport = createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope, raw: typeof raw === 'string' ? raw.replace(/\r?\n/g, '\r\n') : raw });
  } finally {
    transport.close();
  }
}
