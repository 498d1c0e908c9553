import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import archiver from 'archiver';
import type { Logger } from '@threadline/observability';
import { deterministicId, type AuditLog, agentActor } from '@threadline/persistence';
import type { CustomerRepository } from '../customers/customer.repository';
import type { CustomerDoc, CustomerIdentity } from '../customers/customer.schema';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { TicketDoc } from '../tickets/ticket.schema';
import type { TimelineEntryDoc } from '../tickets/timeline-entry.schema';
import type { CommandActor } from '../ticket-commands/ticket-policy';
import type { SurveyDoc, SurveyRepository } from '../surveys/survey.repository';
import type { ChannelCopies } from './channel-copies.client';
import type { CustomerDataStore } from './customer-data.store';
import type { CustomerExportDoc, ExportArchiveStore } from './export-archive.store';
import {
  CustomerNotFoundError,
  ExportExpiredError,
  ExportNotFoundError,
  PersonalDataForbiddenError,
} from './personal-data-errors';

/** The archive's shape; a breaking change to it is a new number (see docs/personal-data.md). */
export const EXPORT_FORMAT = { format: 'threadline.customer-export', version: 1 } as const;

interface Deps {
  channels: ChannelCopies;
  customers: CustomerRepository;
  tickets: TicketRepository;
  store: CustomerDataStore;
  archives: ExportArchiveStore;
  audit: AuditLog;
  surveys: SurveyRepository;
  logger: Logger;
  /** How long an archive may be downloaded. */
  ttlMs: number;
}

/**
 * A customer's data for them (RODO Art. 15 and 20): a zip of JSON files, one
 * per ticket with its whole timeline, and the files, built in the background
 * and streamed into the store entry by entry (a file streamed from
 * channel-email as it comes), so a customer with thousands of messages or
 * large files is never held in memory. Requests and downloads are audited.
 */
export class ExportCustomer {
  constructor(private readonly deps: Deps) {}

  /** Starts an export; answers the job at once (building), to be polled and downloaded. */
  async request(workspaceId: string, customerId: string, actor: CommandActor): Promise<CustomerExportDoc> {
    if (actor.role !== 'admin') throw new PersonalDataForbiddenError('exporting a customer’s data needs an admin');
    const customer = await this.deps.customers.resolve(workspaceId, customerId);
    if (!customer) throw new CustomerNotFoundError(customerId);
    const now = new Date();
    const job: CustomerExportDoc = {
      _id: randomUUID(),
      workspaceId,
      customerId: customer._id,
      requestedBy: actor.agentId,
      status: 'building',
      createdAt: now,
      readyAt: null,
      expiresAt: new Date(now.getTime() + this.deps.ttlMs),
      size: null,
      error: null,
    };
    await this.deps.archives.create(job);
    await this.audited(job, 'customer.export', actor, now);
    // The job's record says how it ended: the request does not wait for the archive.
    void this.build(job, customer).catch(async (error: unknown) => {
      this.deps.logger.error({ err: error, exportId: job._id }, 'customer export failed');
      await this.deps.archives.finish(job._id, { status: 'failed', error: String(error) }).catch(() => undefined);
    });
    return job;
  }

  async status(workspaceId: string, customerId: string, exportId: string): Promise<CustomerExportDoc> {
    const job = await this.deps.archives.find(workspaceId, exportId);
    if (!job || job.customerId !== customerId) throw new ExportNotFoundError(exportId);
    return job;
  }

  /** The archive's bytes as a stream; expired archives are discarded and answer so. */
  async download(workspaceId: string, customerId: string, exportId: string, actor: CommandActor) {
    if (actor.role !== 'admin') throw new PersonalDataForbiddenError('downloading a customer’s data needs an admin');
    const job = await this.status(workspaceId, customerId, exportId);
    if (job.expiresAt.getTime() <= Date.now()) {
      await this.deps.archives.discard(job._id);
      throw new ExportExpiredError(exportId);
    }
    const stream = job.status === 'ready' ? await this.deps.archives.download(job._id) : null;
    if (!stream) throw new ExportNotFoundError(exportId);
    await this.audited(job, 'customer.export-download', actor, new Date());
    return { stream, filename: `customer-${job.customerId}-${job.createdAt.toISOString().slice(0, 10)}.zip`, size: job.size };
  }

  private async build(job: CustomerExportDoc, customer: CustomerDoc): Promise<void> {
    const archive = archiver('zip', { zlib: { level: 6 } });
    const written = pipeline(archive, this.deps.archives.upload(job._id));
    // One entry at a time: the next is read (from the store, or a channel) only once the last is in the archive.
    // A file comes as a stream and goes into the archive as it arrives (never whole in memory).
    const add = async (name: string, data: unknown) => {
      const entered = once(archive, 'entry');
      const content = typeof data === 'string' || data instanceof Readable ? data : JSON.stringify(data, null, 2);
      archive.append(content, { name });
      await entered;
    };
    const { workspaceId } = job;
    const tickets = await this.deps.store.ticketsOf(workspaceId, customer._id);
    const counts = { tickets: tickets.length, messages: 0, notes: 0, calls: 0, attachments: 0, files: 0, callRecords: 0 };
    const filesAdded = new Set<string>();
    const surveyOptOut = await this.deps.surveys.optedOut(workspaceId, customer._id);
    const identities = await this.deps.customers.identitiesOf(customer);
    await add('customer.json', { ...exportedCustomer(customer, identities), surveyOptOut });
    for (const ticket of tickets.sort((a, b) => a.number - b.number)) {
      const timeline = await this.deps.tickets.timelineOf(ticket);
      for (const entry of timeline) {
        if (entry.kind === 'note') counts.notes += 1;
        if (entry.kind !== 'message') continue;
        counts.messages += 1;
        if (entry.channel === 'voice') counts.calls += 1;
        counts.attachments += entry.attachments?.length ?? 0;
      }
      const survey = await this.deps.surveys.ofTicket(workspaceId, ticket._id);
      await add(`tickets/${ticket.number}.json`, {
        ...exportedTicket(ticket, timeline),
        survey: survey && exportedSurvey(survey),
      });
      for (const entry of timeline.filter((e) => e.kind === 'message')) {
        for (const { ref } of entry.attachments ?? []) {
          if (filesAdded.has(ref)) continue;
          filesAdded.add(ref);
          const file = await this.deps.channels.attachment(workspaceId, ref);
          if (!file) continue;
          await add(`attachments/${ref.slice('attachment:'.length)}/${safeFileName(file.filename)}`, file.content);
          counts.files += 1;
        }
        if (entry.channel === 'voice' && entry.direction === 'inbound' && entry.providerMessageId) {
          const record = await this.deps.channels.callRecord(workspaceId, entry.providerMessageId);
          if (!record) continue;
          await add(`calls/${safeFileName(entry.providerMessageId)}.json`, { ticketNumber: ticket.number, ...record });
          counts.callRecords += 1;
        }
      }
    }
    await add('manifest.json', { ...EXPORT_FORMAT, exportId: job._id, customerId: customer._id, exportedAt: new Date(), counts });
    await archive.finalize();
    await written;
    await this.deps.archives.finish(job._id, { status: 'ready', size: archive.pointer() });
  }

  private audited(job: CustomerExportDoc, action: string, actor: CommandActor, at: Date) {
    return this.deps.audit.record({
      id: deterministicId(job.workspaceId, action, job._id, at.toISOString()),
      workspaceId: job.workspaceId,
      at,
      actor: agentActor(actor.agentId),
      action,
      entity: { type: 'customer', id: job.customerId, label: null },
      after: { exportId: job._id, expiresAt: job.expiresAt.toISOString() },
    });
  }
}

/** A name safe inside the zip: no folders, no control characters (the customer's own file name otherwise). */
function safeFileName(name: string | null): string {
  const safe = (name ?? '').replace(/[\\/\p{Cc}]/gu, '_').trim();
  return safe && safe !== '.' && safe !== '..' ? safe.slice(0, 200) : 'file';
}

/** The customer's identities from their links (`CustomerRepository.identitiesOf`), not the record's cache. */
function exportedCustomer(customer: CustomerDoc, identities: CustomerIdentity[]) {
  const { _id, name, tier, notes, mergedFrom, createdAt, updatedAt } = customer;
  return { id: _id, name, tier, notes, identities, mergedFrom, createdAt, updatedAt };
}

function exportedTicket(ticket: TicketDoc, timeline: TimelineEntryDoc[]) {
  const { number, subject, status, priority, channel, queue, tags, category, createdAt, firstResponseAt, resolvedAt } = ticket;
  return {
    ticket: { number, subject, status, priority, channel, queue, tags, category, createdAt, firstResponseAt, resolvedAt },
    timeline: timeline.map(({ _id, workspaceId: _ws, ticketId: _t, ...entry }) => ({ id: _id, ...entry })),
  };
}

/** The satisfaction survey of the ticket (null when none was sent): what was asked and answered, when. */
function exportedSurvey(survey: SurveyDoc) {
  const { scale, language, channel, sentAt, answer, optedOutAt } = survey;
  return { scale, language, channel, sentAt, answer, optedOutAt };
}
