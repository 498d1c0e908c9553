import { Schema, type Connection, type Model } from 'mongoose';
import { findInWorkspace, isDuplicateKeyError } from '@threadline/persistence';
import type { StoredRule } from '../rule-engine/compiled-rule';

/** One version of a workspace's rules, in order; insert-only, so claiming a version is a unique insert. */
interface RulesetVersionDoc {
  _id: string;
  workspaceId: string;
  version: number;
  rules: StoredRule[];
  at: Date;
}

/** Which version is current: one small document per workspace, read by `_id` on every cache check. */
interface RulesetPointerDoc {
  _id: string;
  workspaceId: string;
  version: number;
}

export interface Ruleset {
  version: number;
  rules: StoredRule[];
}

export const EMPTY_RULESET: Ruleset = { version: 0, rules: [] };

const versionSchema = new Schema<RulesetVersionDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    version: { type: Number, required: true },
    rules: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
const pointerSchema = new Schema<RulesetPointerDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { versionKey: false },
);

const versionId = (workspaceId: string, version: number) => `${workspaceId}:${version}`;

/**
 * The workspace's routing rules, versioned. Every read and write is a point
 * lookup by `_id` (FerretDB scans for anything else). A change inserts the
 * next version whole — the unique `_id` lets one of two concurrent editors
 * win — then moves the pointer; a pointer left behind by a crash is moved
 * forward by the next writer, who finds the version taken.
 */
export class RulesetRepository {
  private readonly versions: Model<RulesetVersionDoc>;
  private readonly pointers: Model<RulesetPointerDoc>;

  constructor(connection: Connection) {
    this.versions = connection.model<RulesetVersionDoc>('RulesetVersion', versionSchema, 'routing_ruleset_versions');
    this.pointers = connection.model<RulesetPointerDoc>('RulesetPointer', pointerSchema, 'routing_rulesets');
  }

  async currentVersion(workspaceId: string): Promise<number> {
    const pointer = await findInWorkspace(this.pointers, workspaceId, workspaceId);
    return pointer?.version ?? 0;
  }

  async load(workspaceId: string, version: number): Promise<Ruleset> {
    if (version === 0) return EMPTY_RULESET;
    const doc = await findInWorkspace(this.versions, workspaceId, versionId(workspaceId, version));
    if (!doc) throw new Error(`ruleset version ${version} of ${workspaceId} is missing`);
    return { version: doc.version, rules: doc.rules };
  }

  async current(workspaceId: string): Promise<Ruleset> {
    return this.load(workspaceId, await this.currentVersion(workspaceId));
  }

  /** Stores `rules` as `version`; false when that version was taken (another change won: read again). */
  async save(workspaceId: string, version: number, rules: StoredRule[]): Promise<boolean> {
    try {
      await this.versions.create({ _id: versionId(workspaceId, version), workspaceId, version, rules, at: new Date() });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await this.movePointer(workspaceId, version);
      return false;
    }
    await this.movePointer(workspaceId, version);
    return true;
  }

  private async movePointer(workspaceId: string, version: number): Promise<void> {
    const current = await this.currentVersion(workspaceId);
    if (current >= version) return;
    await this.pointers.updateOne({ _id: workspaceId }, { $set: { workspaceId, version } }, { upsert: true });
  }
}
