import { ImapFlow } from 'imapflow';
import { isIP } from 'node:net';
import { InvalidEventError } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import type { AdminGivenHosts } from '@threadline/resilience';
import { newCorrelationId, withCorrelation, type Logger } from '@threadline/observability';
import type { AttachmentStore } from '../attachments/attachment-store';
import type { MailboxConfig } from '../config';
import { mailToContact } from '../mail-parsing/mail-to-contact';
import type { SyncCheckpointRepository } from './sync-checkpoint.repository';
import { pendingUids, resumePoint } from './sync-plan';
import { syncInRounds } from './sync-rounds';
import { entryIdFromMessageId } from '@threadline/contracts';
import { SenderRateLimit, type SenderOccurrenceStore } from '../mail-intake/sender-rate-limit';

export interface MailboxWorkerDeps {
  publisher: EventPublisher;
  checkpoints: SyncCheckpointRepository;
  attachments: AttachmentStore;
  logger: Logger;
  pollIntervalMs: number;
  fetchBatch: number;
  maxAttachmentBytes: number;
  /** Every address our mailboxes receive at (and send from): mail from them is never a customer's. */
  ownAddresses: ReadonlySet<string>;
  /** Where each mailbox's admitted mails are kept between owners, and the limit: `max` per sender within `windowSeconds`. */
  senderLimit: { occurrences: SenderOccurrenceStore; max: number; windowSeconds: number };
  /** Refuses mail servers on internal networks unless allowed (a mailbox's host is an admin's word). */
  hosts: AdminGivenHosts;
}

/**
 * What the mailbox's state says about a failed connection: whether the login
 * was refused, or else one sentence for every other failure, so the answer
 * never tells an open port from a closed one (the details go to the log).
 */
export function connectionProblem(error: unknown): string {
  const refusedLogin =
    typeof error === 'object' && error !== null && (error as { authenticationFailed?: boolean }).authenticationFailed;
  return refusedLogin ? 'the mail server refused the login' : 'could not connect to the mail server';
}

/** The problem of a worker whose first connection is still under way: nothing to report yet. */
export const NOT_CONNECTED_YET = 'not connected yet';

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/**
 * Keeps one mailbox folder in sync: connect, ingest everything after the
 * checkpoint, then wait in IDLE (new mail → sync) with a periodic poll as a
 * safety net. Each ImapFlow client serves one connection only (they cannot be
 * reused after close), so every reconnect builds a new one, with backoff.
 */
export class MailboxWorker {
  private client: ImapFlow | null = null;
  private stopped = false;
  private syncing: Promise<void> | null = null;
  private syncAgain = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private lastError: string | null = NOT_CONNECTED_YET;
  /** Each mail counted against its sender's limit once, however often a failed round re-reads it. */
  private readonly admissions: SenderRateLimit;
  private readonly log: Logger;
  private readonly key: string;

  constructor(
    private readonly mailbox: MailboxConfig,
    private readonly deps: MailboxWorkerDeps,
  ) {
    this.key = `${mailbox.id}/${mailbox.folder}`;
    const { occurrences, max, windowSeconds } = deps.senderLimit;
    this.admissions = new SenderRateLimit(occurrences, mailbox.id, max, windowSeconds * 1000);
    this.log = deps.logger.child({ mailbox: mailbox.id, folder: mailbox.folder });
  }

  /** Null when connected and syncing; otherwise why not. */
  get problem(): string | null {
    return this.lastError;
  }

  start(): void {
    void this.connect();
  }

  /** Lets the sync in progress finish (its checkpoint saved), then logs out. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    while (this.syncing) await this.syncing;
    const client = this.client;
    this.client = null;
    await client?.logout().catch(() => client.close());
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const host = await this.deps.hosts.check(this.mailbox.host);
    if (!host.ok) {
      this.lastError = `mail server refused: ${host.reason}`;
      this.log.warn({ reason: host.reason }, 'mailbox host refused; not connecting');
      return this.retryLater();
    }
    const client = new ImapFlow({
      // The address checked, not the name again: a second lookup could lead elsewhere (DNS rebinding).
      host: host.address,
      ...(isIP(this.mailbox.host) ? {} : { tls: { servername: this.mailbox.host } }),
      port: this.mailbox.port,
      secure: this.mailbox.secure,
      auth: { user: this.mailbox.user, pass: this.mailbox.password },
      logger: false,
      // Enter IDLE 1 s after the last command (imapflow waits 15 s by default), so new
      // mail is announced at once; restart it regularly, as some servers drop a long IDLE silently.
      autoIdleDelay: 1000,
      maxIdleTime: 5 * 60_000,
      missingIdleCommand: 'STATUS',
    });
    client.on('error', (error: Error) => {
      this.lastError = connectionProblem(error);
      this.log.warn({ err: error }, 'IMAP connection error');
    });
    client.on('close', () => this.onClose(client));
    client.on('exists', () => this.requestSync());
    try {
      await client.connect();
      await client.mailboxOpen(this.mailbox.folder);
      this.client = client;
      this.failures = 0;
      this.lastError = null;
      this.log.info('mailbox connected');
      this.pollTimer ??= setInterval(() => this.requestSync(), this.deps.pollIntervalMs);
      this.requestSync();
    } catch (error) {
      this.lastError = connectionProblem(error);
      this.log.warn({ err: error }, 'could not open mailbox');
      client.close();
    }
  }

  private onClose(client: ImapFlow): void {
    if (this.client === client) this.client = null;
    if (this.stopped) return;
    this.lastError ??= 'connection closed';
    this.retryLater();
  }

  private retryLater(): void {
    if (this.stopped) return;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.failures++);
    this.log.info({ delayMs: delay }, 'IMAP connection closed; reconnecting');
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  /** Coalesces triggers: at most one sync runs, and one more follows if mail arrived meanwhile. */
  private requestSync(): void {
    if (this.stopped) return;
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = this.syncLoop().finally(() => {
      this.syncing = null;
    });
  }

  private async syncLoop(): Promise<void> {
    do {
      this.syncAgain = false;
      const client = this.client;
      if (!client || this.stopped) return;
      try {
        await withCorrelation({ correlationId: newCorrelationId() }, () => this.syncOnce(client));
        // A sync that went through clears an earlier failure: the mailbox is healthy again.
        this.lastError = null;
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.log.error({ err: error }, 'mailbox sync failed; will retry');
        return;
      }
    } while (this.syncAgain && !this.stopped);
  }

  private async syncOnce(client: ImapFlow): Promise<void> {
    const opened = client.mailbox;
    if (!opened) return;
    const uidValidity = opened.uidValidity.toString();
    const [checkpoint] = await Promise.all([this.deps.checkpoints.get(this.key), this.admissions.load()]);
    const resume = resumePoint(checkpoint, uidValidity);
    const { resync } = resume;
    let { lastUid } = resume;
    if (resync) this.log.warn({ uidValidity }, 'UIDVALIDITY changed; resyncing the whole folder');
    if (!checkpoint || resync) await this.deps.checkpoints.save(this.key, { uidValidity, lastUid });

    const found = (await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || [];
    const uids = pendingUids(found, lastUid);
    lastUid = await syncInRounds(uids, this.deps.fetchBatch, lastUid, {
      fetch: (round) => client.fetchAll(round.join(','), { uid: true, source: true, internalDate: true }, { uid: true }),
      ingest: (m) => this.ingestOrSetAside(uidValidity, m.uid, m.source, m.internalDate),
      // The round's counts are saved before its checkpoint: a round read again is not counted again.
      advance: async (savedUid) => {
        await this.admissions.flush();
        await this.deps.checkpoints.save(this.key, { uidValidity, lastUid: savedUid });
      },
      stopped: () => this.stopped,
    });
    if (uids.length > 0) this.log.info({ ingested: uids.length, lastUid }, 'mailbox synced');
  }

  /**
   * A mail that can never become a contact (its event is refused by the
   * contract, the parser gives up on it) is set aside with the reason, and
   * the checkpoint moves past it: one poison mail never holds the mailbox.
   * Anything else (Kafka or the store away) fails the round, to be retried.
   */
  private async ingestOrSetAside(
    uidValidity: string,
    uid: number,
    source: Buffer | undefined,
    internalDate: Date | string | undefined,
  ) {
    try {
      await this.ingest(uidValidity, uid, source, internalDate);
    } catch (error) {
      if (!(error instanceof InvalidEventError) || !source) throw error;
      const reason = `set aside: the mail cannot become a contact (${error.reason.slice(0, 500)})`;
      this.log.error({ uid, reason }, 'poison mail set aside; the sync goes on');
      await this.deps.checkpoints.reject({ mailboxId: this.mailbox.id, uidValidity, uid, reason, raw: source });
    }
  }

  private async ingest(uidValidity: string, uid: number, source: Buffer | undefined, internalDate: Date | string | undefined) {
    const { workspaceId } = this.mailbox;
    if (!source) return;
    const receivedAt = internalDate ? new Date(internalDate) : new Date();
    const parsed = await mailToContact(source, {
      recipient: this.mailbox.user,
      mailboxAddresses: this.mailbox.addresses,
      receivedAt,
      maxAttachmentBytes: this.deps.maxAttachmentBytes,
      ownAddresses: this.deps.ownAddresses,
      routes: this.mailbox.routes,
      attachments: { put: (content, type, name) => this.deps.attachments.put(workspaceId, content, type, name) },
    });
    if (!parsed.ok) {
      // A bounce of one of our mails goes to its ticket as a delivery failure; the report itself is kept like any mail not ingested.
      const ourMessage =
        parsed.kind === 'bounce' && parsed.originalMessageId ? entryIdFromMessageId(parsed.originalMessageId) : null;
      if (ourMessage && parsed.kind === 'bounce') {
        await this.deps.publisher.publish('delivery.updated.v1', {
          workspaceId,
          key: ourMessage,
          payload: {
            channel: 'email',
            messageId: ourMessage,
            status: 'failed',
            reason: (parsed.diagnostic ?? parsed.reason).slice(0, 2000),
            at: receivedAt.toISOString(),
          },
        });
      }
      this.log.info({ uid, kind: parsed.kind, reason: parsed.reason }, 'mail not turned into a contact; kept with the reason');
      await this.deps.checkpoints.reject({ mailboxId: this.mailbox.id, uidValidity, uid, reason: parsed.reason, raw: source });
      return;
    }
    const sender = parsed.contact.from[0].value;
    if (!this.admissions.admit(`${uidValidity}:${uid}`, sender)) {
      const reason = `ignored: ${sender} exceeded the per-sender mail limit`;
      this.log.warn({ uid, reason }, 'mail kept, not ingested');
      await this.deps.checkpoints.reject({ mailboxId: this.mailbox.id, uidValidity, uid, reason, raw: source });
      return;
    }
    await this.deps.publisher.publish('contact.received.v1', {
      workspaceId,
      key: `email:${parsed.contact.from[0].value}`,
      payload: parsed.contact,
    });
  }
}
