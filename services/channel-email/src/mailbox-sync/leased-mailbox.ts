import type { Logger } from '@threadline/observability';
import type { MailboxConfig } from '../config';
import type { MailboxLeases } from './mailbox-lease';
import type { MailboxWorker } from './mailbox-worker';

/**
 * One configured mailbox on one instance: synced while this instance holds
 * its lease, idle (standby) while another does. Checked every third of the
 * lease's lifetime, so a holder that dies is replaced within one lifetime.
 */
export class LeasedMailbox {
  private worker: MailboxWorker | null = null;
  private epoch: number | null = null;
  private checking: Promise<void> | null = null;

  constructor(
    readonly mailbox: MailboxConfig,
    private readonly leases: MailboxLeases,
    private readonly newWorker: () => MailboxWorker,
    private readonly log: Logger,
  ) {}

  /** Null when syncing, or standing by for another instance; otherwise why the sync is failing. */
  get problem(): string | null {
    return this.worker ? this.worker.problem : null;
  }

  get holding(): boolean {
    return this.worker !== null;
  }

  check(): Promise<void> {
    this.checking ??= this.reconcile().finally(() => (this.checking = null));
    return this.checking;
  }

  private async reconcile(): Promise<void> {
    if (this.worker && this.epoch !== null) {
      if (await this.leases.renew(this.mailbox.id, this.epoch)) return;
      this.log.warn({ mailbox: this.mailbox.id }, 'mailbox lease lost to another instance; stopping its sync');
      await this.stopWorker();
      return;
    }
    const epoch = await this.leases.acquire(this.mailbox.id);
    if (epoch === null) return;
    this.epoch = epoch;
    this.worker = this.newWorker();
    this.worker.start();
    this.log.info({ mailbox: this.mailbox.id, epoch }, 'mailbox lease acquired; syncing');
  }

  async stop(): Promise<void> {
    await this.checking;
    const epoch = this.epoch;
    await this.stopWorker();
    if (epoch !== null) await this.leases.release(this.mailbox.id, epoch);
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.epoch = null;
    await worker?.stop();
  }
}
