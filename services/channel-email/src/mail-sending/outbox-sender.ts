import type { EventPublisher } from '@threadline/kafka';
import { newCorrelationId, withCorrelation, type Logger } from '@threadline/observability';
import { retryDelayMs } from '@threadline/resilience';
import { chooseMailbox, composeMail, type SendingMailbox } from './outbound-mail';
import { DueMailFinder } from './due-mail-finder';
import type { ClaimedMail, OutboxRepository } from './outbox.repository';
import type { AdminGivenHosts } from '@threadline/resilience';
import { classifySendError } from './send-errors';
import type { SmtpTransports } from './smtp-transports';

export interface OutboxSenderOptions {
  owner: string;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  sendTimeoutMs: number;
  pollMs: number;
  /** Mails sent at once by this instance. */
  concurrency: number;
  /** How often the sender looks at the whole outbox again for its oldest mail (a safety net; rounds read minute buckets). */
  sweepEveryMs?: number;
}

export interface OutboxSenderDeps {
  outbox: OutboxRepository;
  transports: SmtpTransports;
  publisher: EventPublisher;
  /** The workspace's mailboxes as they are now (configured and connected through the API). */
  mailboxesOf: (workspaceId: string) => Promise<SendingMailbox[]>;
  logger: Logger;
  /** Refuses SMTP servers on internal networks unless allowed (a mailbox's SMTP host is an admin's word). */
  hosts: AdminGivenHosts;
}

/**
 * Works the outbox: sends each due mail over SMTP through its server's
 * circuit breaker, retries transient failures with backoff (the mail stays in
 * the store, so a restart loses nothing), and ends every mail as sent or
 * failed with delivery.updated.v1 — a failed send is never silent.
 */
export class OutboxSender {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly finder: DueMailFinder;

  constructor(
    private readonly deps: OutboxSenderDeps,
    private readonly options: OutboxSenderOptions,
  ) {
    this.finder = new DueMailFinder(deps.outbox, options.sweepEveryMs ?? 5 * 60_000);
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.kick();
  }

  /** Look for due mail now (a new request arrived); coalesced with a round in progress. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.rounds()
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'outbox round failed; will retry'))
      .finally(() => (this.running = null));
  }

  /** Finishes the mails in hand (their outcome recorded), then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    while (this.running) await this.running;
  }

  private async rounds(): Promise<void> {
    do {
      this.again = false;
      const now = new Date();
      const limit = this.options.concurrency * 4;
      // More found than taken: some may be held by another instance.
      const found = await this.finder.due(now, limit * 2);
      const due = await this.deps.outbox.claimEach(
        found,
        this.options.owner,
        now,
        // Longer than one send may take, so a claim never runs out under a live sender.
        this.options.sendTimeoutMs * 2,
        limit,
      );
      for (let i = 0; i < due.length; i += this.options.concurrency) {
        await Promise.all(due.slice(i, i + this.options.concurrency).map((doc) => this.work(doc)));
      }
      if (due.length > 0) this.again = true;
    } while (this.again && !this.stopped);
  }

  private work(doc: ClaimedMail): Promise<void> {
    return withCorrelation({ correlationId: doc.correlationId ?? newCorrelationId() }, async () => {
      if (doc.status === 'pending') await this.attempt(doc);
      else await this.announce(doc);
    });
  }

  private async attempt(doc: ClaimedMail): Promise<void> {
    const { request } = doc;
    const log = this.deps.logger.child({ outboundMessageId: doc._id, ticketNumber: request.number });
    const attempts = doc.attempts + 1;
    const now = new Date();
    if (request.to.kind !== 'email') {
      return this.fail(doc, attempts, `cannot e-mail a ${request.to.kind} identity`, log);
    }
    const choice = chooseMailbox(request, await this.deps.mailboxesOf(doc.workspaceId));
    if (!choice.ok) return this.fail(doc, attempts, choice.reason, log);

    const { transports } = this.deps;
    const server = await this.deps.hosts.check(choice.mailbox.smtp.host);
    if (!server.ok) return this.fail(doc, attempts, `the mailbox's mail server is refused: ${server.reason}`, log);
    const transport = transports.transportFor(choice.mailbox.id, choice.mailbox.smtp, server.address);
    let serverResponse: string;
    try {
      const info = await transports
        .breakerFor(choice.mailbox.smtp)
        .call(() => transport.sendMail(composeMail(request, choice, now)));
      serverResponse = String(info.response ?? '');
    } catch (error) {
      const failure = classifySendError(error);
      if (failure.permanent || attempts >= this.options.maxAttempts) {
        const reason = failure.permanent ? failure.reason : `gave up after ${attempts} attempts: ${failure.reason}`;
        return this.fail(doc, attempts, reason, log);
      }
      const delay = retryDelayMs(attempts + 1, this.options.retryBaseMs, this.options.retryMaxMs);
      log.warn({ attempts, retryInMs: delay, reason: failure.reason }, 'mail not sent; will retry');
      await this.deps.outbox.scheduleRetry(doc, attempts, failure.reason, new Date(Date.now() + delay));
      return;
    }
    const finishedAt = new Date();
    await this.deps.outbox.markSent(doc, attempts, serverResponse, finishedAt);
    log.info({ mailbox: choice.mailbox.id, attempts }, 'mail sent');
    await this.announce({ ...doc, status: 'sent', attempts, serverResponse, lastError: null, finishedAt });
  }

  private async fail(doc: ClaimedMail, attempts: number, reason: string, log: Logger): Promise<void> {
    const finishedAt = new Date();
    await this.deps.outbox.markFailed(doc, attempts, reason, finishedAt);
    log.warn({ attempts, reason }, 'mail failed');
    await this.announce({ ...doc, status: 'failed', attempts, lastError: reason, finishedAt });
  }

  /** delivery.updated.v1 for the final status, then the mail is retired; retried by a later round if Kafka is away. */
  private async announce(doc: ClaimedMail): Promise<void> {
    if (doc.status === 'pending') return;
    const status = doc.status;
    await this.deps.publisher.publish('delivery.updated.v1', {
      workspaceId: doc.workspaceId,
      key: doc._id,
      payload: {
        channel: 'email',
        messageId: doc._id,
        status,
        reason: status === 'failed' ? doc.lastError : null,
        at: (doc.finishedAt ?? new Date()).toISOString(),
      },
    });
    await this.deps.outbox.retire({ ...doc, status });
  }
}
