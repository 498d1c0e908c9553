import { isIP } from 'node:net';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { PlatformMetrics } from '@threadline/observability';
import { ProviderBreaker } from '@threadline/resilience';
import type { SendingMailbox } from './outbound-mail';
import { classifySendError } from './send-errors';

type Smtp = NonNullable<SendingMailbox['smtp']>;

/**
 * nodemailer transports, one per mailbox and its current SMTP settings
 * (pooled connections, authenticated as that mailbox), and one circuit breaker
 * per SMTP server, shared by every mailbox that sends through it.
 */
export class SmtpTransports {
  private readonly transports = new Map<
    string,
    { settings: string; address: string; transport: Transporter<SMTPPool.SentMessageInfo> }
  >();
  private readonly breakers = new Map<string, ProviderBreaker>();

  constructor(
    private readonly timeoutMs: number,
    /** Connections kept per mailbox; a send beyond them waits in nodemailer's queue. */
    private readonly maxConnections: number,
    private readonly metrics?: PlatformMetrics,
  ) {}

  /**
   * `server`: the server's addresses as checked (connecting to one of them, not the name again, keeps a second lookup
   * from leading elsewhere). The pool stays while its address is still one of them: a name whose DNS answers in turn
   * (Microsoft 365's, Gmail's) would otherwise close the pooled connections at nearly every send.
   */
  transportFor(
    mailboxId: string,
    smtp: Smtp,
    server: { address: string; addresses: readonly string[] },
  ): Transporter<SMTPPool.SentMessageInfo> {
    const settings = JSON.stringify(smtp);
    const current = this.transports.get(mailboxId);
    if (current?.settings === settings && server.addresses.includes(current.address)) return current.transport;
    current?.transport.close();
    const { address } = server;
    // nodemailer's own timeouts end a stuck conversation (closing the socket, so
    // the server discards the half-sent mail) before the breaker's backstop does.
    const stage = Math.max(250, Math.floor(this.timeoutMs / 3));
    const transport = createTransport({
      pool: true,
      maxConnections: this.maxConnections,
      host: address,
      // The certificate is still checked against the name the admin gave.
      ...(isIP(smtp.host) ? {} : { tls: { servername: smtp.host } }),
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
      connectionTimeout: stage,
      greetingTimeout: stage,
      socketTimeout: stage,
      logger: false,
    });
    // A pooled connection failing while idle is reported here; without a listener it would end the process.
    transport.on('error', () => undefined);
    this.transports.set(mailboxId, { settings, address, transport });
    return transport;
  }

  breakerFor(smtp: Smtp): ProviderBreaker {
    const provider = `smtp:${smtp.host}:${smtp.port}`;
    let breaker = this.breakers.get(provider);
    if (!breaker) {
      breaker = new ProviderBreaker({
        provider,
        timeoutMs: this.timeoutMs,
        volumeThreshold: 5,
        resetTimeoutMs: 30_000,
        // A rejected recipient or message says nothing about the server's health.
        isPermanent: (error) => classifySendError(error).permanent,
        metrics: this.metrics,
      });
      this.breakers.set(provider, breaker);
    }
    return breaker;
  }

  close(): void {
    for (const { transport } of this.transports.values()) transport.close();
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.transports.clear();
    this.breakers.clear();
  }
}
