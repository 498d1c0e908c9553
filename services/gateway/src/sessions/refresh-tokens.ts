import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import { isDuplicateKeyError } from '@threadline/persistence';
import { refreshTokenSchema, sessionMarkerSchema, type RefreshTokenDoc, type SessionMarkerDoc } from './session.schemas';

export type RefreshOutcome =
  { ok: true; session: RefreshTokenDoc } | { ok: false; reason: 'UNKNOWN' | 'EXPIRED' | 'REVOKED' | 'REUSED' };

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Opaque refresh tokens with rotation: each is exchanged once for a new one of
 * the same family. Presenting an already exchanged token means it leaked (or
 * a client misbehaves): the whole family is revoked, so the thief's and the
 * owner's copies both stop working and the agent logs in again.
 */
export class RefreshTokens {
  private readonly tokens: Model<RefreshTokenDoc>;
  private readonly markers: Model<SessionMarkerDoc>;

  constructor(
    connection: Connection,
    private readonly ttlSeconds: number,
  ) {
    this.tokens = connection.model<RefreshTokenDoc>('RefreshToken', refreshTokenSchema, 'agent_refresh_tokens');
    this.markers = connection.model<SessionMarkerDoc>('SessionMarker', sessionMarkerSchema, 'agent_session_markers');
  }

  /** A new token; a new family unless it continues one. Returns the token itself (shown once, never stored). */
  async issue(agent: { workspaceId: string; agentId: string }, familyId: string = randomUUID()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    await this.tokens.create({
      _id: hash(token),
      workspaceId: agent.workspaceId,
      agentId: agent.agentId,
      familyId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.ttlSeconds * 1000),
    });
    return token;
  }

  /** Claims the token for one exchange. On success the caller issues the next token of `session.familyId`. */
  async consume(token: string): Promise<RefreshOutcome> {
    const session = await this.tokens.findOne({ _id: hash(token) }).lean<RefreshTokenDoc>();
    if (!session) return { ok: false, reason: 'UNKNOWN' };
    if (session.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'EXPIRED' };
    if (await this.markers.exists({ _id: `revoked:${session.familyId}` })) return { ok: false, reason: 'REVOKED' };
    if (!(await this.mark(`rotated:${session._id}`))) {
      await this.revokeFamily(session.familyId);
      return { ok: false, reason: 'REUSED' };
    }
    return { ok: true, session };
  }

  /** Logout: the token's whole family stops working. Unknown tokens are ignored. */
  async revoke(token: string): Promise<void> {
    const session = await this.tokens.findOne({ _id: hash(token) }).lean<RefreshTokenDoc>();
    if (session) await this.revokeFamily(session.familyId);
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.mark(`revoked:${familyId}`);
  }

  private async mark(id: string): Promise<boolean> {
    try {
      await this.markers.create({ _id: id, at: new Date() });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
