import { connect, type Socket } from 'node:net';
import { perSecond } from '../stats';

/**
 * A bare SMTP conversation on a socket (no client library): the mail server's
 * own acceptance rate, to set beside what our sender reaches. Each mail is
 * MAIL FROM, RCPT TO and DATA sent at once (PIPELINING), then its body.
 */
class SmtpSocket {
  private buffer = '';
  private waiting: { count: number; lines: string[]; resolve: (codes: string[]) => void; reject: (e: Error) => void } | null =
    null;
  private readonly answers: string[] = [];

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\r\n')) >= 0) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        // The last line of a reply has a space after its code ("250 ok"; "250-…" continues).
        if (line[3] !== '-') this.answers.push(line);
      }
      this.settle();
    });
    socket.on('error', (error) => this.waiting?.reject(error));
  }

  static open(host: string, port: number): Promise<SmtpSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host, () => resolve(new SmtpSocket(socket)));
      socket.once('error', reject);
    });
  }

  private settle(): void {
    const waiting = this.waiting;
    if (!waiting || this.answers.length < waiting.count) return;
    this.waiting = null;
    waiting.resolve(this.answers.splice(0, waiting.count));
  }

  /** Writes `text` and waits for `replies` replies, each of which must start with its expected code. */
  async send(text: string, expected: string[]): Promise<void> {
    const replies = await new Promise<string[]>((resolve, reject) => {
      this.waiting = { count: expected.length, lines: [], resolve, reject };
      if (text) this.socket.write(text);
      this.settle();
    });
    replies.forEach((reply, i) => {
      if (!reply.startsWith(expected[i])) throw new Error(`SMTP: expected ${expected[i]}, got "${reply}"`);
    });
  }

  close(): void {
    this.socket.end('QUIT\r\n');
  }
}

async function sendOnOneConnection(host: string, port: number, mails: number, to: string): Promise<void> {
  const smtp = await SmtpSocket.open(host, port);
  try {
    await smtp.send('', ['220']);
    await smtp.send('EHLO bench.test\r\n', ['250']);
    const body = `Subject: raw SMTP limit\r\nFrom: <raw@bench.test>\r\nTo: <${to}>\r\n\r\n${'Treść wiadomości. '.repeat(40)}\r\n.\r\n`;
    for (let i = 0; i < mails; i++) {
      await smtp.send(`MAIL FROM:<raw@bench.test>\r\nRCPT TO:<${to}>\r\nDATA\r\n`, ['250', '250', '354']);
      await smtp.send(body, ['250']);
    }
  } finally {
    smtp.close();
  }
}

/** Mails/s accepted by the SMTP server over one connection, and over `connections` at once. */
export async function rawSmtpRates(
  server: { host: string; port: number },
  options: { mails: number; connections: number; to: string },
): Promise<{ oneConnection: number; pooled: number }> {
  let started = Date.now();
  await sendOnOneConnection(server.host, server.port, options.mails, options.to);
  const oneConnection = perSecond(options.mails, Date.now() - started);
  started = Date.now();
  const each = Math.ceil(options.mails / options.connections);
  await Promise.all(
    Array.from({ length: options.connections }, () => sendOnOneConnection(server.host, server.port, each, options.to)),
  );
  const pooled = perSecond(each * options.connections, Date.now() - started);
  return { oneConnection, pooled };
}
