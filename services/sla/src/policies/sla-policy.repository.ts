import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { SlaPolicyBody } from '@threadline/contracts';
import { findInWorkspace } from '@threadline/persistence';
import type { SlaPolicy } from './policy-match';

interface SlaPolicyDoc extends SlaPolicyBody {
  _id: string;
  workspaceId: string;
  createdAt: Date;
  updatedAt: Date;
}

const slaPolicySchema = new Schema<SlaPolicyDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true, index: true },
    name: { type: String, required: true },
    position: { type: Number, required: true },
    match: { type: Schema.Types.Mixed, required: true },
    targets: { type: Schema.Types.Mixed, required: true },
    time: { type: String, required: true },
    isDefault: { type: Boolean, required: true },
    escalation: { type: Schema.Types.Mixed, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

// Policies stored before escalations existed have none.
const toPolicy = ({ _id, ...rest }: SlaPolicyDoc): SlaPolicy => ({ id: _id, ...rest, escalation: rest.escalation ?? null });

/** A workspace's SLA policies (a handful each: listed by the workspace, an equality filter). */
export class SlaPolicyRepository {
  private readonly policies: Model<SlaPolicyDoc>;

  constructor(connection: Connection) {
    this.policies = connection.model<SlaPolicyDoc>('SlaPolicy', slaPolicySchema, 'sla_policies');
  }

  async list(workspaceId: string): Promise<SlaPolicy[]> {
    return (await this.policies.find({ workspaceId }).lean<SlaPolicyDoc[]>()).map(toPolicy);
  }

  async find(workspaceId: string, id: string): Promise<SlaPolicy | null> {
    const doc = await findInWorkspace(this.policies, workspaceId, id);
    return doc ? toPolicy(doc) : null;
  }

  async create(workspaceId: string, body: SlaPolicyBody): Promise<SlaPolicy> {
    const now = new Date();
    const doc: SlaPolicyDoc = { _id: randomUUID(), workspaceId, ...body, createdAt: now, updatedAt: now };
    await this.policies.create(doc);
    return toPolicy(doc);
  }

  /** Replaces the policy's rules; by `_id` alone once the workspace is checked (a point lookup on FerretDB). */
  async replace(existing: SlaPolicy, body: SlaPolicyBody): Promise<SlaPolicy> {
    const updatedAt = new Date();
    await this.policies.updateOne({ _id: existing.id }, { $set: { ...body, updatedAt } });
    return { ...existing, ...body, updatedAt };
  }

  async remove(existing: SlaPolicy): Promise<void> {
    await this.policies.deleteOne({ _id: existing.id });
  }

  /** One default per workspace: the others stop being it. */
  async clearDefaultsExcept(workspaceId: string, keepId: string): Promise<void> {
    const others = (await this.list(workspaceId)).filter((p) => p.isDefault && p.id !== keepId);
    for (const other of others) await this.policies.updateOne({ _id: other.id }, { $set: { isDefault: false } });
  }
}
