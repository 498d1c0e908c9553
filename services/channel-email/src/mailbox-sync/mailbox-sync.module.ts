import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import type { Logger, PlatformMetrics } from '@threadline/observability';
import { AdminGivenHosts } from '@threadline/resilience';
import { CONFIG, LOGGER, METRICS, MONGO } from '@threadline/service-runtime';
import { Gauge } from 'prom-client';
import { AttachmentStore } from '../attachments/attachment-store';
import { AttachmentsModule } from '../attachments/attachments.module';
import type { ChannelEmailConfig } from '../config';
import { SenderOccurrenceRepository } from '../mail-intake/sender-rate-limit';
import { MailboxDirectory } from '../mailboxes/mailbox-directory';
import { MailboxStateRepository } from '../mailboxes/mailbox-state.repository';
import { MailboxesModule } from '../mailboxes/mailboxes.module';
import { LeasedMailbox } from './leased-mailbox';
import { MailboxLeases } from './mailbox-lease';
import { MailboxWorker, NOT_CONNECTED_YET, type MailboxWorkerDeps } from './mailbox-worker';
import { SyncCheckpointRepository } from './sync-checkpoint.repository';

interface RunningMailbox {
  leased: LeasedMailbox;
  revision: number;
  /** The problem last written to the mailbox's state (undefined: nothing written yet by this instance). */
  reported: string | null | undefined;
}

/**
 * Every mailbox to sync — from configuration and from the API — each under
 * its lease. Reconciled every EMAIL_MAILBOX_REFRESH_MS: a mailbox added
 * through the API starts, a changed one restarts with its new settings, a
 * removed one stops, all without a restart of the service.
 */
@Module({
  imports: [MailboxesModule, AttachmentsModule],
  providers: [
    { provide: SyncCheckpointRepository, inject: [MONGO], useFactory: (c: Connection) => new SyncCheckpointRepository(c) },
    { provide: SenderOccurrenceRepository, inject: [MONGO], useFactory: (c: Connection) => new SenderOccurrenceRepository(c) },
  ],
})
export class MailboxSyncModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly running = new Map<string, RunningMailbox>();
  private readonly leases: MailboxLeases;
  /** Shared with every worker and updated in place as mailboxes come and go. */
  private readonly ownAddresses = new Set<string>();
  private readonly workerDeps: MailboxWorkerDeps;
  private readonly tickMs: number;
  private timer: NodeJS.Timeout | null = null;
  private reconciling: Promise<void> | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: ChannelEmailConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(MONGO) connection: Connection,
    @Inject(METRICS) metrics: PlatformMetrics,
    publisher: EventPublisher,
    checkpoints: SyncCheckpointRepository,
    attachments: AttachmentStore,
    senderOccurrences: SenderOccurrenceRepository,
    private readonly directory: MailboxDirectory,
    private readonly states: MailboxStateRepository,
    hosts: AdminGivenHosts,
  ) {
    this.leases = new MailboxLeases(
      connection,
      `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      config.EMAIL_LEASE_TTL_MS,
    );
    // Which instance holds which mailboxes (leases move on scale-in and failover), and a tenant's failing mailbox
    // (a refused login, a server down) as a figure: seen on dashboards and alerts, never in the health checks.
    const held = () => [...this.running.values()].map((m) => m.leased).filter((m) => m.holding);
    new Gauge({
      name: 'threadline_email_mailboxes_held',
      help: 'Mailboxes this instance holds the lease of, by state: syncing, or failing (the problem is on the mailboxes API)',
      labelNames: ['state'],
      registers: [metrics.registry],
      collect() {
        const mine = held();
        const failing = mine.filter((m) => m.problem !== null && m.problem !== NOT_CONNECTED_YET).length;
        this.set({ state: 'failing' }, failing);
        this.set({ state: 'syncing' }, mine.length - failing);
      },
    });
    this.tickMs = Math.max(200, Math.min(Math.floor(config.EMAIL_LEASE_TTL_MS / 3), config.EMAIL_MAILBOX_REFRESH_MS));
    this.workerDeps = {
      publisher,
      checkpoints,
      attachments,
      logger,
      pollIntervalMs: config.EMAIL_POLL_INTERVAL_MS,
      fetchBatch: config.EMAIL_FETCH_BATCH,
      maxAttachmentBytes: config.EMAIL_MAX_ATTACHMENT_BYTES,
      ownAddresses: this.ownAddresses,
      senderLimit: {
        occurrences: senderOccurrences,
        max: config.EMAIL_SENDER_MAX_PER_WINDOW,
        windowSeconds: config.EMAIL_SENDER_WINDOW_SECONDS,
      },
      hosts,
    };
  }

  /** Which mailboxes this instance syncs now (the others are held by other instances). */
  get syncing(): string[] {
    return [...this.running.values()].filter((m) => m.leased.holding).map((m) => m.leased.mailbox.id);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.tick();
    this.timer = setInterval(
      () => void this.tick().catch((error: unknown) => this.logger.error({ err: error }, 'mailbox reconcile failed')),
      this.tickMs,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.reconciling;
    await Promise.all([...this.running.values()].map((m) => m.leased.stop()));
  }

  private tick(): Promise<void> {
    this.reconciling ??= this.reconcile().finally(() => (this.reconciling = null));
    return this.reconciling;
  }

  private async reconcile(): Promise<void> {
    const desired = await this.directory.all();

    this.ownAddresses.clear();
    for (const m of desired.values())
      for (const address of [m.user, ...m.addresses]) if (address.includes('@')) this.ownAddresses.add(address.toLowerCase());

    for (const [id, current] of this.running) {
      if (desired.get(id)?.revision === current.revision) continue;
      this.logger.info(
        { mailbox: id },
        desired.has(id) ? 'mailbox changed; restarting its sync' : 'mailbox removed; stopping its sync',
      );
      await current.leased.stop();
      this.running.delete(id);
    }
    for (const mailbox of desired.values()) {
      if (this.running.has(mailbox.id)) continue;
      const leased = new LeasedMailbox(mailbox, this.leases, () => new MailboxWorker(mailbox, this.workerDeps), this.logger);
      this.running.set(mailbox.id, { leased, revision: mailbox.revision, reported: undefined });
    }
    await Promise.all([...this.running.values()].map((m) => m.leased.check()));
    await Promise.all([...this.running.values()].map((m) => this.reportState(m)));
  }

  /** The holder tells the mailbox's admin how its sync stands (on the mailboxes API), when that changes. */
  private async reportState(running: RunningMailbox): Promise<void> {
    if (!running.leased.holding) return;
    const problem = running.leased.problem;
    if (running.reported === problem || problem === NOT_CONNECTED_YET) return;
    await this.states.report(running.leased.mailbox.id, running.leased.mailbox.workspaceId, problem);
    running.reported = problem;
  }
}
