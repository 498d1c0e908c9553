import type { CallSetup, VoiceNumberBody } from '@threadline/contracts';
import type { NumberDirectory } from './number-directory';
import type { NumberEntry } from './number-table';
import type { StoredNumberRepository } from './stored-number.repository';

/** What the use case needs of the store (the repository; an in-memory one in unit tests). */
export type NumberStore = Pick<StoredNumberRepository, 'create' | 'update' | 'remove'>;

export type NumberError = 'NUMBER_NOT_FOUND' | 'NUMBER_TAKEN' | 'NUMBER_CONFIGURED';

export class NumberRequestError extends Error {
  constructor(
    readonly code: NumberError,
    message: string,
  ) {
    super(message);
  }
}

/** What the admin API answers for a number (the same for configured and stored ones). */
export interface NumberView {
  number: string;
  source: 'config' | 'api';
  calls: CallSetup | null;
}

/**
 * Admins give the workspace Twilio numbers and their call setup. A number
 * has one owner: configured in VOICE_NUMBERS for another workspace, or
 * stored by one, it is refused (409); the workspace's own configured number
 * may be stored over (the stored setup wins).
 */
export class ManageNumbers {
  constructor(
    private readonly stored: NumberStore,
    private readonly directory: NumberDirectory,
    private readonly configured: readonly NumberEntry[],
  ) {}

  async list(workspaceId: string): Promise<NumberView[]> {
    this.directory.invalidate(); // an admin's list is read afresh, never from another instance's stale cache
    return (await this.directory.table()).entriesOf(workspaceId).map(viewOf);
  }

  async add(workspaceId: string, body: VoiceNumberBody): Promise<NumberView> {
    const configuredOwner = this.configured.find((entry) => entry.number === body.number)?.workspaceId;
    if (configuredOwner && configuredOwner !== workspaceId) throw taken(body.number);
    const outcome = await this.stored.create(workspaceId, body.number, body.calls);
    if ('takenBy' in outcome) {
      if (outcome.takenBy !== workspaceId) throw taken(body.number);
      throw new NumberRequestError('NUMBER_TAKEN', `${body.number} is already this workspace's; change it with PATCH`);
    }
    this.directory.invalidate();
    return viewOf({ ...outcome.created, source: 'api' });
  }

  async change(workspaceId: string, number: string, calls: CallSetup | null): Promise<NumberView> {
    const updated = await this.stored.update(workspaceId, number, calls);
    if (!updated) throw this.missing(workspaceId, number);
    this.directory.invalidate();
    return viewOf({ ...updated, source: 'api' });
  }

  async remove(workspaceId: string, number: string): Promise<void> {
    if (!(await this.stored.remove(workspaceId, number))) throw this.missing(workspaceId, number);
    this.directory.invalidate();
  }

  private missing(workspaceId: string, number: string): NumberRequestError {
    // The workspace's own configured number is there but not the API's to change; another workspace's is simply not found.
    if (this.configured.some((entry) => entry.number === number && entry.workspaceId === workspaceId)) {
      return new NumberRequestError('NUMBER_CONFIGURED', `${number} is set in VOICE_NUMBERS; add it with POST to override`);
    }
    return new NumberRequestError('NUMBER_NOT_FOUND', `no number ${number}`);
  }
}

function taken(number: string): NumberRequestError {
  return new NumberRequestError('NUMBER_TAKEN', `${number} already belongs to another workspace`);
}

function viewOf(entry: NumberEntry): NumberView {
  return { number: entry.number, source: entry.source ?? 'config', calls: entry.calls ?? null };
}
