import type { ConnectionDirectory } from './connection-directory';
import type { ConnectionChange, ConnectionKind, Connected, SealedConnectionRepository } from './sealed-connection.repository';

/** What the use case needs of the store (the repository; an in-memory one in unit tests). */
export type ConnectionStore<T extends Connected> = Pick<
  SealedConnectionRepository<T>,
  'create' | 'update' | 'remove' | 'ofWorkspace'
>;

/** How answers name the kind: "Facebook Page" / PAGE / MESSENGER_PAGES. */
export interface ConnectionNames {
  thing: string;
  code: 'PAGE' | 'SLACK_TEAM';
  setting: string;
}

export class ConnectionRequestError extends Error {
  constructor(
    readonly code: `${ConnectionNames['code']}_${'NOT_FOUND' | 'TAKEN' | 'CONFIGURED'}`,
    message: string,
  ) {
    super(message);
  }
}

/** What the admin API answers: everything but the secrets, each replaced by `<name>Set: true`. */
export type ConnectionView = Record<string, unknown> & { source: 'config' | 'api' };

/**
 * Admins connect the workspace's Pages or Slack teams. One has one owner:
 * configured for another workspace, or stored by one, it is refused (409);
 * the workspace's own configured one may be stored over (the stored wins),
 * which is how its token is replaced without a restart.
 */
export class ManageConnections<T extends Connected> {
  constructor(
    private readonly kind: Pick<ConnectionKind<T>, 'idField' | 'secretFields'>,
    private readonly names: ConnectionNames,
    private readonly stored: ConnectionStore<T>,
    private readonly directory: ConnectionDirectory<T>,
  ) {}

  async list(workspaceId: string): Promise<ConnectionView[]> {
    const stored = await this.stored.ofWorkspace(workspaceId);
    const storedIds = new Set(stored.map((entry) => this.idOf(entry)));
    const configured = this.directory.configuredOf(workspaceId).filter((entry) => !storedIds.has(this.idOf(entry)));
    return [...configured.map((entry) => this.view(entry, 'config')), ...stored.map((entry) => this.view(entry, 'api'))];
  }

  async add(workspaceId: string, body: Omit<T, 'workspaceId'>): Promise<ConnectionView> {
    const entry = { ...body, workspaceId } as T;
    const id = this.idOf(entry);
    const configuredOwner = this.directory.configuredEntry(id)?.workspaceId;
    if (configuredOwner && configuredOwner !== workspaceId) throw this.taken(id);
    const outcome = await this.stored.create(entry);
    if ('takenBy' in outcome) {
      if (outcome.takenBy !== workspaceId) throw this.taken(id);
      throw this.error('TAKEN', `${this.names.thing} ${id} is already this workspace's; change it with PATCH`);
    }
    this.directory.invalidate(id);
    return this.view(outcome.created, 'api');
  }

  async change(workspaceId: string, id: string, change: ConnectionChange<T>): Promise<ConnectionView> {
    const updated = await this.stored.update(workspaceId, id, change);
    if (!updated) throw this.missing(workspaceId, id);
    this.directory.invalidate(id);
    return this.view(updated, 'api');
  }

  async remove(workspaceId: string, id: string): Promise<void> {
    if (!(await this.stored.remove(workspaceId, id))) throw this.missing(workspaceId, id);
    this.directory.invalidate(id);
  }

  private missing(workspaceId: string, id: string): ConnectionRequestError {
    // The workspace's own configured one is there but not the API's to change; another workspace's is simply not found.
    if (this.directory.configuredEntry(id)?.workspaceId === workspaceId) {
      return this.error('CONFIGURED', `${this.names.thing} ${id} is set in ${this.names.setting}; add it with POST to override`);
    }
    return this.error('NOT_FOUND', `no ${this.names.thing} ${id}`);
  }

  private taken(id: string): ConnectionRequestError {
    return this.error('TAKEN', `${this.names.thing} ${id} already belongs to another workspace`);
  }

  private error(kind: 'NOT_FOUND' | 'TAKEN' | 'CONFIGURED', message: string): ConnectionRequestError {
    return new ConnectionRequestError(`${this.names.code}_${kind}`, message);
  }

  private idOf(entry: T): string {
    return String(entry[this.kind.idField]);
  }

  private view(entry: T, source: ConnectionView['source']): ConnectionView {
    const view: Record<string, unknown> = { [this.kind.idField]: this.idOf(entry), source };
    for (const [name, value] of Object.entries(entry)) {
      if (name === 'workspaceId' || name === 'createdAt' || name === 'updatedAt' || name === this.kind.idField) continue;
      if ((this.kind.secretFields as readonly string[]).includes(name)) view[`${name}Set`] = Boolean(value);
      else view[name] = value;
    }
    return view as ConnectionView;
  }
}
