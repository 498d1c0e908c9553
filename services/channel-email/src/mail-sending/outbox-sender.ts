import type { EventPublisher } from '@threadline/kafka';
import { newCorrelationId, withCorrelation, type Logger } from '@threadline/observability';
import { retryDelayMs } from '@threadline/resilience';
import { chooseMailbox, composeMail, type SendingMailbox } from './outbound-mail';
import { DueMailFinder } from './due-mail-finder';
import type { ClaimedMail, FinishedMail, OutboxRepository } from './outbox.repository';
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
  /** Mails sent at once by this instance (its SMTP connections are pooled). */
  concurrency: number;
  /** Mails claimed, recorded, announced and retired together. */
  batch: number;
  /** How often the sender looks at the whole outbox again for its oldest mail (a safety net; rounds read one-second buckets). */
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

  /**
   * Batch after batch while mail is due, three at a time in different steps:
   * while one batch is sent, the next one is found and claimed and the one
   * before is announced and retired, so a batch's store round trips overlap
   * another's SMTP conversations. Once stopped, no further batch is claimed;
   * the batches in hand are still sent and finished.
   */
  private async rounds(): Promise<void> {
    let finishing: Promise<void> = Promise.resolve();
    /** Mails of the batch being finished: still listed as due, and ours. */
    let finishingIds = new Set<string>();
    this.again = false;
    let claiming: Promise<ClaimedBatch> | null = this.claimBatch(finishingIds);
    try {
      while (claiming) {
        const batch = await claiming;
        claiming = null;
        if (batch.due.length === 0) {
          // Nothing due; look again only if a request arrived meanwhile.
          if (this.again && !this.stopped) {
            this.again = false;
            claiming = this.claimBatch(finishingIds);
          }
          continue;
        }
        const started = Date.now();
        const sending = this.send(batch.due);
        const sendingIds = new Set(batch.due.map((doc) => doc._id));
        // More may be due: the next batch is claimed while this one is sent.
        this.again = false;
        if (!this.stopped) claiming = this.claimBatch(new Set([...finishingIds, ...sendingIds]));
        // Awaited at the next turn or at the end; not left unobserved meanwhile.
        claiming?.catch(() => undefined);
        const finished = await sending;
        const sentMs = Date.now() - started;
        // At most one batch's bookkeeping in flight. Its failure ends the rounds (see `finish` for what becomes of
        // its mails), but only after this batch, already sent, had its own try.
        const failed = await finishing.then(
          () => null,
          (error: unknown) => ({ error }),
        );
        const waitedMs = Date.now() - started - sentMs;
        finishingIds = sendingIds;
        finishing = this.finish(batch.due, finished).then((finishMs) =>
          this.deps.logger.debug(
            {
              mails: batch.due.length,
              found: batch.found,
              claimMs: batch.claimMs,
              findMs: batch.findMs,
              sentMs,
              waitedMs,
              finishMs,
            },
            'outbox batch done',
          ),
        );
        finishing.catch(() => undefined);
        if (failed) throw failed.error;
      }
    } finally {
      // A batch claimed but not sent (the rounds failed): its claims run out and any instance sends it then.
      await finishing;
    }
  }

  /** Finds due mail, leaving out `inHand` (ours, not yet retired), and claims up to a batch of it. */
  private async claimBatch(inHand: ReadonlySet<string>): Promise<ClaimedBatch> {
    const now = new Date();
    const limit = this.options.batch;
    const looked = Date.now();
    // More found than taken: some may be held by another instance.
    const found = (await this.finder.due(now, limit * 2)).filter((doc) => !inHand.has(doc._id));
    /** Of `claimMs`: reading the due buckets. */
    const findMs = Date.now() - looked;
    const due = await this.deps.outbox.claimEach(
      found,
      this.options.owner,
      now,
      // Longer than one batch's sends may take, so a claim never runs out under a live sender.
      this.options.sendTimeoutMs * 2,
      limit,
    );
    return { due, found: found.length, findMs, claimMs: Date.now() - looked };
  }

  /** Sends the batch's pending mails, `concurrency` at a time (the SMTP transports pool their connections). */
  private async send(due: ClaimedMail[]): Promise<FinishedMail[]> {
    const mailboxes = new Map<string, Promise<SendingMailbox[]>>();
    const mailboxesOf = (workspaceId: string) => {
      let found = mailboxes.get(workspaceId);
      if (!found) mailboxes.set(workspaceId, (found = this.deps.mailboxesOf(workspaceId)));
      return found;
    };
    const finished: FinishedMail[] = [];
    const pending = due.filter((doc) => doc.status === 'pending');
    let next = 0;
    const worker = async () => {
      while (next < pending.length) {
        const doc = pending[next++];
        const outcome = await withCorrelation({ correlationId: doc.correlationId ?? newCorrelationId() }, () =>
          this.attempt(doc, mailboxesOf),
        );
        if (outcome) finished.push(outcome);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, pending.length) }, worker));
    return finished;
  }

  /**
   * Announces the batch's outcomes in one Kafka send and retires the announced
   * mails together; answers ms taken. Only a mail Kafka did not take is
   * recorded as sent, to be announced by a later round instead of sent again.
   * A sender that dies between a send and its retirement leaves the mail to be
   * sent again once its claim runs out, under the same Message-ID (at least once).
   */
  private async finish(due: ClaimedMail[], finished: FinishedMail[]): Promise<number> {
    const started = Date.now();
    const { refused, error } = await this.announce([
      ...due.filter(isFinished),
      ...finished.map(({ mail, status, attempts, serverResponse, lastError, finishedAt }) => ({
        ...mail,
        status,
        attempts,
        serverResponse,
        lastError,
        finishedAt,
      })),
    ]);
    await this.deps.outbox.markFinished(finished.filter(({ mail }) => refused.has(mail._id)));
    if (error) throw error;
    return Date.now() - started;
  }

  /** One send; its outcome when over (sent or failed for good), nothing when a retry is scheduled. */
  private async attempt(
    doc: ClaimedMail,
    mailboxesOf: (workspaceId: string) => Promise<SendingMailbox[]>,
  ): Promise<FinishedMail | null> {
    const { request } = doc;
    const log = this.deps.logger.child({ outboundMessageId: doc._id, ticketNumber: request.number });
    const attempts = doc.attempts + 1;
    const now = new Date();
    const fail = (reason: string): FinishedMail => {
      log.warn({ attempts, reason }, 'mail failed');
      return { mail: doc, status: 'failed', attempts, serverResponse: null, lastError: reason, finishedAt: new Date() };
    };
    if (request.to.kind !== 'email') return fail(`cannot e-mail a ${request.to.kind} identity`);
    const choice = chooseMailbox(request, await mailboxesOf(doc.workspaceId));
    if (!choice.ok) return fail(choice.reason);

    const { transports } = this.deps;
    const server = await this.deps.hosts.check(choice.mailbox.smtp.host);
    if (!server.ok) return fail(`the mailbox's mail server is refused: ${server.reason}`);
    const transport = transports.transportFor(choice.mailbox.id, choice.mailbox.smtp, server);
    let serverResponse: string;
    try {
      const info = await transports
        .breakerFor(choice.mailbox.smtp)
        .call(() => transport.sendMail(composeMail(request, choice, now)));
      serverResponse = String(info.response ?? '');
    } catch (error) {
      const failure = classifySendError(error);
      if (failure.permanent || attempts >= this.options.maxAttempts) {
        return fail(failure.permanent ? failure.reason : `gave up after ${attempts} attempts: ${failure.reason}`);
      }
      const delay = retryDelayMs(attempts + 1, this.options.retryBaseMs, this.options.retryMaxMs);
      log.warn({ attempts, retryInMs: delay, reason: failure.reason }, 'mail not sent; will retry');
      await this.deps.outbox.scheduleRetry(doc, attempts, failure.reason, new Date(Date.now() + delay));
      return null;
    }
    log.info({ mailbox: choice.mailbox.id, attempts }, 'mail sent');
    return { mail: doc, status: 'sent', attempts, serverResponse, lastError: null, finishedAt: new Date() };
  }

  /**
   * delivery.updated.v1 for each final status (the publisher sends them as one
   * batch), then the announced mails are retired together; answers the ids
   * Kafka did not take (and why), left in the outbox for a later round.
   */
  private async announce(docs: Finished[]): Promise<{ refused: Set<string>; error: unknown }> {
    const results = await Promise.allSettled(
      docs.map((doc) =>
        withCorrelation({ correlationId: doc.correlationId ?? newCorrelationId() }, () =>
          this.deps.publisher.publish('delivery.updated.v1', {
            workspaceId: doc.workspaceId,
            key: doc._id,
            payload: {
              channel: 'email',
              messageId: doc._id,
              status: doc.status,
              reason: doc.status === 'failed' ? doc.lastError : null,
              // Its ticket, so tickets records the news without reading the message's entry first.
              ticketId: doc.request.ticketId,
              number: doc.request.number,
              at: (doc.finishedAt ?? new Date()).toISOString(),
            },
          }),
        ),
      ),
    );
    await this.deps.outbox.retire(docs.filter((_, i) => results[i].status === 'fulfilled'));
    const refused = new Set(docs.filter((_, i) => results[i].status === 'rejected').map((doc) => doc._id));
    const error = results.find((result): result is PromiseRejectedResult => result.status === 'rejected')?.reason;
    return { refused, error };
  }
}

interface ClaimedBatch {
  due: ClaimedMail[];
  found: number;
  findMs: number;
  claimMs: number;
}

type Finished = ClaimedMail & { status: 'sent' | 'failed' };
const isFinished = (doc: ClaimedMail): doc is Finished => doc.status !== 'pending';
