import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { InternalApiClient, ServiceTokenMinter } from '@threadline/service-runtime';

/** A mail attachment's bytes as channel-email keeps them, streamed as they arrive (never held whole here). */
export interface ExportedFile {
  filename: string | null;
  contentType: string;
  content: Readable;
}

/** The customer's data the channels keep themselves, for an export: channel-email's files, channel-voice's call records. */
export interface ChannelCopies {
  /** null when not kept (deleted, or channel-email not configured). */
  attachment(workspaceId: string, ref: string): Promise<ExportedFile | null>;
  callRecord(workspaceId: string, callSid: string): Promise<Record<string, unknown> | null>;
}

const ACTOR = { agentId: 'tickets', role: 'service' as const };

/**
 * The channels' internal APIs, called by tickets for itself (role `service`).
 * A channel without a URL configured has nothing to give; one that fails makes
 * the export fail (and the admin asks again) rather than be silently incomplete.
 */
export class ChannelCopiesClient implements ChannelCopies {
  private readonly email: InternalApiClient | null;
  private readonly voice: InternalApiClient | null;

  constructor(urls: { email?: string; voice?: string }, secret: string) {
    const tokens = new ServiceTokenMinter('tickets', secret);
    this.email = urls.email ? new InternalApiClient({ name: 'channel-email', baseUrl: urls.email }, tokens) : null;
    this.voice = urls.voice ? new InternalApiClient({ name: 'channel-voice', baseUrl: urls.voice }, tokens) : null;
  }

  async attachment(workspaceId: string, ref: string): Promise<ExportedFile | null> {
    const id = /^attachment:([0-9a-f]{64})$/.exec(ref)?.[1];
    if (!this.email || !id) return null;
    // A large file may take a while to come: the timeout covers the whole body.
    const response = await this.email.call({ workspaceId, ...ACTOR }, `attachments/${id}/content`, { timeoutMs: 300_000 });
    if (response.status === 404) return null;
    if (!response.ok || !response.body) throw new Error(`channel-email answered ${response.status} for attachment ${id}`);
    const filename = response.headers.get('x-attachment-filename');
    return {
      filename: filename === null ? null : decodeURIComponent(filename),
      contentType: response.headers.get('x-attachment-content-type') ?? 'application/octet-stream',
      content: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
    };
  }

  callRecord(workspaceId: string, callSid: string): Promise<Record<string, unknown> | null> {
    return this.voice ? this.get(this.voice, workspaceId, `calls/${encodeURIComponent(callSid)}`) : Promise.resolve(null);
  }

  private async get<T>(client: InternalApiClient, workspaceId: string, path: string): Promise<T | null> {
    const response = await client.call({ workspaceId, ...ACTOR }, path, { timeoutMs: 30_000 });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`${client.target.name} answered ${response.status} for ${path}`);
    return (await response.json()) as T;
  }
}
