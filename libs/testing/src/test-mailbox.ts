import { ImapFlow } from 'imapflow';
import { testInfra } from './test-env';

/**
 * Puts mails into a user's INBOX on the test IMAP server, as a mail server
 * delivering them would. Strings may use \n line ends; they are sent as CRLF.
 */
export async function appendToMailbox(user: string, mails: (Buffer | string)[]): Promise<void> {
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
    for (const mail of mails)
      await client.append('INBOX', typeof mail === 'string' ? Buffer.from(mail.replace(/\r?\n/g, '\r\n')) : mail);
  } finally {
    await client.logout();
  }
}
