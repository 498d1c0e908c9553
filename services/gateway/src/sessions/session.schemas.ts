import { Schema } from 'mongoose';

/** One refresh token, stored only as its SHA-256. Tokens of one login form a family. */
export interface RefreshTokenDoc {
  _id: string;
  workspaceId: string;
  agentId: string;
  familyId: string;
  createdAt: Date;
  expiresAt: Date;
}

export const refreshTokenSchema = new Schema<RefreshTokenDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    agentId: { type: String, required: true },
    familyId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);

/**
 * A marker whose insert is the claim: `rotated:<token hash>` (a token may be
 * exchanged once) and `revoked:<family id>` (logout, or a reused token).
 * Unique inserts are atomic on FerretDB and MongoDB alike; updates are not on FerretDB.
 */
export interface SessionMarkerDoc {
  _id: string;
  at: Date;
}

export const sessionMarkerSchema = new Schema<SessionMarkerDoc>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false },
);
