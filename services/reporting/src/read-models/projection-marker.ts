import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@threadline/persistence';

export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/** Which projection version the read models hold, the group that fills them, and where a rebuild ends. */
export interface ProjectionMarker {
  version: number;
  group: string;
  /** The end offset of each partition a rebuild must reach (a list: topic names have dots, keys may not); null once it has. */
  rebuildUntil: PartitionOffset[] | null;
  since: Date;
}

interface MarkerDoc {
  _id: string;
  [field: string]: unknown;
}

const MARKER_ID = 'marker';
const CLAIM_ID = 'rebuild-claim';

/**
 * `report_projection`: the marker (one document) and the claim that lets one
 * instance clear the read models while the others wait. The claim is a
 * unique insert with a lease, so an instance that died while clearing does
 * not hold the others back for ever.
 */
export class ProjectionMarkerStore {
  private readonly docs: Model<MarkerDoc>;

  constructor(connection: Connection) {
    this.docs = connection.model<MarkerDoc>(
      'ReportProjection',
      new Schema<MarkerDoc>({ _id: String }, { versionKey: false, strict: false }),
      'report_projection',
    );
  }

  async marker(): Promise<ProjectionMarker | null> {
    const doc = await this.docs.findOne({ _id: MARKER_ID }).lean<MarkerDoc & ProjectionMarker>();
    if (!doc) return null;
    const { _id, ...marker } = doc;
    void _id;
    return marker;
  }

  async setMarker(marker: ProjectionMarker): Promise<void> {
    await this.docs.replaceOne({ _id: MARKER_ID }, { _id: MARKER_ID, ...marker }, { upsert: true });
  }

  /** The rebuild of `version` has reached its end offsets. */
  async rebuilt(version: number): Promise<void> {
    await this.docs.updateOne({ _id: MARKER_ID, version }, { $set: { rebuildUntil: null } });
  }

  /** Takes the claim to clear the read models: answers false while another instance's lease runs. */
  async claim(owner: string, leaseMs: number): Promise<boolean> {
    const now = new Date();
    const claim = { owner, until: new Date(now.getTime() + leaseMs) };
    try {
      await this.docs.collection.insertOne({ _id: CLAIM_ID, ...claim } as never);
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    // The holder's lease ran out (it died while clearing): the first to replace its claim takes over.
    const current = await this.docs.findOne({ _id: CLAIM_ID }).lean<MarkerDoc & { owner: string; until: Date }>();
    if (!current || current.until > now) return false;
    const taken = await this.docs.updateOne({ _id: CLAIM_ID, owner: current.owner }, { $set: claim });
    return taken.modifiedCount === 1;
  }

  async release(owner: string): Promise<void> {
    await this.docs.deleteOne({ _id: CLAIM_ID, owner });
  }
}
