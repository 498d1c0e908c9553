import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@threadline/persistence';

export type OfferOutcome = 'accepted' | 'declined' | 'expired' | 'withdrawn';

/** A waiting caller offered to one agent until `expiresAt`. */
export interface CallOffer {
  /** callSid:entry:agentId — each agent is offered each queue entry of a call at most once. */
  offerId: string;
  workspaceId: string;
  callSid: string;
  queue: string;
  entry: number;
  agentId: string;
  offeredAt: Date;
  expiresAt: Date;
}

/**
 * Two kinds of lock, each a unique `_id`: `call:<CallSid>` (one live offer per
 * call) and `agent:<workspace>:<agent>` (one live offer per agent). Both carry
 * the offer, so either side finds it by a point lookup.
 */
interface OfferLockDoc extends CallOffer {
  _id: string;
  kind: 'call' | 'agent';
}

/** How an offer ended: the first insert decides (accept, decline, expiry and withdrawal may race). */
interface OfferEndDoc {
  _id: string;
  outcome: OfferOutcome;
  at: Date;
}

const lockSchema = new Schema<OfferLockDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    offerId: { type: String, required: true },
    workspaceId: { type: String, required: true },
    callSid: { type: String, required: true },
    queue: { type: String, required: true },
    entry: { type: Number, required: true },
    agentId: { type: String, required: true },
    offeredAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// The expiry sweep reads the live call locks (few: at most one per agent).
lockSchema.index({ kind: 1 });
const endSchema = new Schema<OfferEndDoc>(
  { _id: { type: String, required: true }, outcome: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false },
);

export const offerIdOf = (callSid: string, entry: number, agentId: string) => `${callSid}:${entry}:${agentId}`;
const callLock = (callSid: string) => `call:${callSid}`;
const agentLock = (workspaceId: string, agentId: string) => `agent:${workspaceId}:${agentId}`;

export type PlaceResult = { placed: CallOffer } | { refused: 'CALL_ALREADY_OFFERED' | 'AGENT_HAS_OFFER' };

const offerOf = ({ _id: _ignored, kind: _kind, ...offer }: OfferLockDoc): CallOffer => offer;

/**
 * Offers of waiting callers to agents. FerretDB 1.x has no transactions and
 * applies updates as read-then-write, so nothing here updates: an offer is two
 * unique inserts (the call's lock, then the agent's), its end one more (the
 * outcome), and the locks are deleted after. A lock whose offer ended long
 * ago (a crash between those steps) is cleared by the next offer that meets it.
 */
export class CallOfferRepository {
  private readonly locks: Model<OfferLockDoc>;
  private readonly ends: Model<OfferEndDoc>;

  constructor(connection: Connection) {
    this.locks = connection.model<OfferLockDoc>('VoiceCallOffer', lockSchema, 'voice_call_offers');
    this.ends = connection.model<OfferEndDoc>('VoiceCallOfferEnd', endSchema, 'voice_call_offer_ends');
  }

  /** Places the offer unless the call or the agent has another live one; the same offer again answers itself. */
  async place(offer: CallOffer, now: Date, staleAfterMs: number): Promise<PlaceResult> {
    if (!(await this.lock({ ...offer, _id: callLock(offer.callSid), kind: 'call' }, now, staleAfterMs))) {
      return { refused: 'CALL_ALREADY_OFFERED' };
    }
    if (!(await this.lock({ ...offer, _id: agentLock(offer.workspaceId, offer.agentId), kind: 'agent' }, now, staleAfterMs))) {
      await this.locks.deleteOne({ _id: callLock(offer.callSid), offerId: offer.offerId });
      return { refused: 'AGENT_HAS_OFFER' };
    }
    return { placed: offer };
  }

  /** The agent's live offer, if any. */
  async ofAgent(workspaceId: string, agentId: string): Promise<CallOffer | null> {
    const doc = await this.locks.findOne({ _id: agentLock(workspaceId, agentId) }).lean<OfferLockDoc>();
    return doc ? offerOf(doc) : null;
  }

  /** The call's live offer, if any. */
  async ofCall(callSid: string): Promise<CallOffer | null> {
    const doc = await this.locks.findOne({ _id: callLock(callSid) }).lean<OfferLockDoc>();
    return doc ? offerOf(doc) : null;
  }

  /** Live offers whose time ran out (every live offer is read: one per agent at most). */
  async expiredBy(now: Date): Promise<CallOffer[]> {
    const docs = await this.locks.find({ kind: 'call' }).lean<OfferLockDoc[]>();
    return docs.filter((d) => d.expiresAt <= now).map(offerOf);
  }

  /** How the offer ended, if it has: a claim first (the first outcome stands), read back when another won. */
  async end(offerId: string, outcome: OfferOutcome, now: Date): Promise<OfferOutcome> {
    try {
      await this.ends.create({ _id: offerId, outcome, at: now });
      return outcome;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.ends.findOne({ _id: offerId }).lean<OfferEndDoc>())?.outcome ?? outcome;
    }
  }

  async hasEnded(offerId: string): Promise<boolean> {
    return (await this.ends.findOne({ _id: offerId }).lean<OfferEndDoc>()) !== null;
  }

  /** Frees the call and the agent of this offer (only its own locks: a newer offer keeps its). */
  async release(offer: CallOffer): Promise<void> {
    await this.locks.deleteOne({ _id: callLock(offer.callSid), offerId: offer.offerId });
    await this.locks.deleteOne({ _id: agentLock(offer.workspaceId, offer.agentId), offerId: offer.offerId });
  }

  private async lock(doc: OfferLockDoc, now: Date, staleAfterMs: number): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.locks.create(doc);
        return true;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const held = await this.locks.findOne({ _id: doc._id }).lean<OfferLockDoc>();
      if (!held) continue;
      if (held.offerId === doc.offerId) return true;
      const stale = held.expiresAt.getTime() + staleAfterMs <= now.getTime() || (await this.hasEnded(held.offerId));
      if (!stale) return false;
      await this.locks.deleteOne({ _id: doc._id, offerId: held.offerId });
    }
    return false;
  }
}
