import { Schema, type Connection, type Model } from 'mongoose';
import type { RuleTrigger } from '@threadline/contracts';
import { deterministicId, findInWorkspace, isDuplicateKeyError } from '@threadline/persistence';

/** A rule that fired on a ticket for a trigger: insert-only, one per (ticket, rule, trigger). */
interface FiringDoc {
  _id: string;
  workspaceId: string;
  ticketId: string;
  ruleId: string;
  trigger: RuleTrigger;
  ruleVersion: number;
  failures: number;
  at: Date;
}

const firingSchema = new Schema<FiringDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    ticketId: { type: String, required: true },
    ruleId: { type: String, required: true },
    trigger: { type: String, required: true },
    ruleVersion: { type: Number, required: true },
    failures: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export interface FiringKey {
  workspaceId: string;
  ticketId: string;
  ruleId: string;
  trigger: RuleTrigger;
}

export const firingId = (k: FiringKey) => deterministicId(k.workspaceId, 'rule-firing', k.ticketId, k.ruleId, k.trigger);

/** Which rules fired on which tickets: each read is by `_id`, each write an insert. */
export class FiringClaimsRepository {
  private readonly firings: Model<FiringDoc>;

  constructor(connection: Connection) {
    this.firings = connection.model<FiringDoc>('RuleFiring', firingSchema, 'routing_firings');
  }

  async hasFired(key: FiringKey): Promise<boolean> {
    return (await findInWorkspace(this.firings, key.workspaceId, firingId(key))) !== null;
  }

  async record(key: FiringKey, ruleVersion: number, failures: number): Promise<void> {
    try {
      await this.firings.create({ _id: firingId(key), ...key, ruleVersion, failures, at: new Date() });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}
