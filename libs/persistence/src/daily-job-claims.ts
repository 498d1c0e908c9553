import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from './errors';

interface DailyClaimDoc {
  /** `<job>:<day>:<attempt>`: taking a run over is inserting the next attempt, which only one instance can. */
  _id: string;
  /** `<job>:<day>`. */
  run: string;
  attempt: number;
  owner: string;
  /** The holder renews it while it works; past it, another instance may take the run over. */
  leaseUntil: Date;
  finishedAt: Date | null;
}

const dailyClaimSchema = new Schema<DailyClaimDoc>(
  {
    _id: { type: String, required: true },
    run: { type: String, required: true, index: true },
    attempt: { type: Number, required: true },
    owner: { type: String, required: true },
    leaseUntil: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
  },
  { versionKey: false },
);

/** A day's run held by this instance; `attempt` > 1 when it took over from one that stopped. */
export interface DailyClaim {
  run: string;
  attempt: number;
}

/**
 * Who runs a daily job on a given day: the instance that inserts the day's
 * first attempt (a unique insert, atomic on FerretDB and MongoDB alike — a
 * conditional update is not on FerretDB). The holder renews its lease while it
 * works and marks the run finished; a run whose holder stopped (lease run out,
 * not finished) is taken over by inserting the next attempt, so the job must
 * be safe to repeat. A finished day is never run again.
 */
export class DailyJobClaims {
  private readonly claims: Model<DailyClaimDoc>;

  constructor(
    connection: Connection,
    private readonly owner: string,
    private readonly leaseMs: number,
    collection = 'daily_job_claims',
  ) {
    this.claims =
      (connection.models.DailyJobClaim as Model<DailyClaimDoc> | undefined) ??
      connection.model<DailyClaimDoc>('DailyJobClaim', dailyClaimSchema, collection);
  }

  /** The day's run for this instance, or null: finished, held by another instance, or taken first by one. */
  async claim(job: string, day: string, now: Date): Promise<DailyClaim | null> {
    const run = `${job}:${day}`;
    const latest = await this.latest(run);
    if (latest && (latest.finishedAt || latest.leaseUntil > now)) return null;
    const attempt = (latest?.attempt ?? 0) + 1;
    try {
      await this.claims.create({
        _id: `${run}:${attempt}`,
        run,
        attempt,
        owner: this.owner,
        leaseUntil: new Date(now.getTime() + this.leaseMs),
        finishedAt: null,
      });
      return { run, attempt };
    } catch (error) {
      if (isDuplicateKeyError(error)) return null; // another instance claimed it first
      throw error;
    }
  }

  /** Extends the lease; false when another instance has taken the run over (stop: it redoes the work). */
  async renew(claim: DailyClaim, now: Date): Promise<boolean> {
    await this.claims.updateOne(
      { _id: `${claim.run}:${claim.attempt}`, owner: this.owner },
      { $set: { leaseUntil: new Date(now.getTime() + this.leaseMs) } },
    );
    return (await this.latest(claim.run))?.attempt === claim.attempt;
  }

  async finish(claim: DailyClaim, now: Date): Promise<void> {
    await this.claims.updateOne({ _id: `${claim.run}:${claim.attempt}`, owner: this.owner }, { $set: { finishedAt: now } });
  }

  private latest(run: string): Promise<DailyClaimDoc | null> {
    // By run (an equality the store evaluates); a day has one attempt, rarely two.
    return this.claims
      .find({ run })
      .lean<DailyClaimDoc[]>()
      .then((docs) => docs.reduce<DailyClaimDoc | null>((a, b) => (a && a.attempt > b.attempt ? a : b), null));
  }
}
