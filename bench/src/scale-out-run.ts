import type { ChildProcess } from 'node:child_process';
import type { Figure } from './report';
import type { ServiceGroup } from './service-processes';

/**
 * What a scale-out run needs to know of the service it scales (tickets:
 * Kafka partitions of a consumer group; channel-email: mailbox leases).
 */
export interface ScaleOutTarget {
  /** What the steady load is made of, for the figures ("contacts", "mails"). */
  unit: string;
  /** Offers item n of the steady load; the promise settles once it is accepted. */
  offer(n: number): Promise<unknown>;
  /** Items offered and not yet handled. */
  lag(): Promise<number>;
  /** Starts one more instance on `port` (healthy when it resolves). */
  start(port: number): Promise<ChildProcess>;
  /** Resolves with when the work is shared out again among exactly these instances. */
  settled(instances: ChildProcess[]): Promise<number>;
  /** The two instances a scale-in from 3 to 1 stops. */
  scaleIn(instances: ChildProcess[]): ChildProcess[];
  /** Per item id, how many times it was handled so far. */
  handled(): Promise<Map<string, number>>;
  /** The id `handled` knows item n by. */
  idOf(n: number): string;
  /** How the work is shared out right now, said in a note after each rebalance (optional). */
  describe?(instances: ChildProcess[]): Promise<string>;
}

export interface ScaleOutOutcome {
  figures: Figure[];
  notes: string[];
  problems: string[];
}

interface LagSample {
  at: number;
  lag: number;
}

/** Every offered item handled exactly once: how many are missing, doubled, or not ours. */
export function countOnce(expected: Iterable<string>, perItem: Map<string, number>) {
  const wanted = new Set(expected);
  return {
    lost: [...wanted].filter((id) => !perItem.has(id)).length,
    doubled: [...perItem.values()].filter((count) => count > 1).length,
    strangers: [...perItem.keys()].filter((id) => !wanted.has(id)).length,
  };
}

/**
 * The service runs as 1, then 3, then 1 instance (the two it stops get
 * SIGTERM, as on a scale-in) while items arrive at `rate` per second on their
 * own schedule. Per phase: the lag peak (sampled every 250 ms); per rebalance:
 * how long until the work is shared out again and until the lag is back below
 * one second of load. At the end every item must be handled exactly once.
 */
export async function runScaleOut(
  target: ScaleOutTarget,
  services: ServiceGroup,
  options: { rate: number; phaseSeconds: number; firstPort: number; lagThreshold?: number },
): Promise<ScaleOutOutcome> {
  const { rate, phaseSeconds, firstPort } = options;
  const { unit } = target;
  const figures: Figure[] = [];
  const notes: string[] = [];
  const problems: string[] = [];

  const samples: LagSample[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      samples.push({ at: Date.now(), lag: await target.lag().catch(() => NaN) });
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  /** When the lag was first ≤ threshold after `from`; null if not within 5 minutes (the run goes on, and says so). */
  const lagBelow = async (threshold: number, from: number): Promise<number | null> => {
    const deadline = from + 5 * 60_000;
    for (;;) {
      const last = samples[samples.length - 1];
      if (last && last.at > from && last.lag <= threshold) return last.at;
      if (Date.now() > deadline) return null;
      await Promise.race([new Promise((r) => setTimeout(r, 100)), services.died]);
    }
  };

  // The steady load, on its own schedule, for the three phases.
  let sent = 0;
  let offering = true;
  const offerStarted = Date.now();
  const sends: Promise<unknown>[] = [];
  const offer = (async () => {
    while (offering) {
      const due = offerStarted + (sent * 1000) / rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      sends.push(target.offer(sent++));
    }
  })();

  // One second of load, unless the service's own path is longer (a mail waits for IDLE and a fetch).
  const threshold = options.lagThreshold ?? rate;
  const instances: ChildProcess[] = [];
  let nextPort = firstPort;
  const startInstance = async () => {
    instances.push(await target.start(nextPort++));
  };
  const phases: { name: string; from: number; to: number }[] = [];
  const rebalance = async (name: string, change: () => Promise<void>) => {
    const began = Date.now();
    await change();
    const changed = Date.now();
    const settled = await Promise.race([target.settled(instances), services.died]);
    const caughtUp = await lagBelow(threshold, settled);
    figures.push(
      { name: `${name}: instances started/stopped in`, value: changed - began, unit: 'ms', kind: 'result' },
      { name: `${name}: until the work is shared out (${instances.length})`, value: settled - began, unit: 'ms', kind: 'result' },
    );
    if (caughtUp === null) notes.push(`${name}: the lag stayed above ${threshold} for 5 minutes after the work was shared out`);
    else
      figures.push({
        name: `${name}: until the lag is ≤ ${threshold} again`,
        value: caughtUp - began,
        unit: 'ms',
        kind: 'result',
      });
    if (target.describe) notes.push(`after ${name}: ${await target.describe(instances)}`);
  };
  const hold = (ms: number) => Promise.race([new Promise((r) => setTimeout(r, ms)), services.died]);

  try {
    let from = Date.now();
    await rebalance('start 1', startInstance);
    await hold(phaseSeconds * 1000);
    phases.push({ name: '1 instance', from, to: Date.now() });

    from = Date.now();
    await rebalance('scale 1 → 3', () => Promise.all([startInstance(), startInstance()]).then(() => undefined));
    await hold(phaseSeconds * 1000);
    phases.push({ name: '3 instances', from, to: Date.now() });

    from = Date.now();
    const stopTimes: number[] = [];
    await rebalance('scale 3 → 1 (SIGTERM)', () =>
      Promise.all(
        target.scaleIn(instances).map(async (child) => {
          instances.splice(instances.indexOf(child), 1);
          const t = Date.now();
          await services.stopOne(child);
          stopTimes.push(Date.now() - t);
          // Nest re-raises the signal once the app is closed; code 1 is the SHUTDOWN_TIMEOUT_MS guard.
          if (child.exitCode === 1) problems.push('an instance was forced out by SHUTDOWN_TIMEOUT_MS after SIGTERM');
        }),
      ).then(() => undefined),
    );
    figures.push({
      name: 'SIGTERM → exit, slowest of 2 (limit SHUTDOWN_TIMEOUT_MS)',
      value: Math.max(...stopTimes),
      unit: 'ms',
      kind: 'result',
    });
    await hold(phaseSeconds * 1000);
    phases.push({ name: '1 instance again', from, to: Date.now() });
    offering = false;
    await offer;
    await Promise.all(sends);
    const offerEnded = Date.now();
    figures.push(
      { name: `${unit} offered`, value: sent, unit, kind: 'result' },
      {
        name: 'rate offered (achieved)',
        value: Math.round((sent / ((offerEnded - offerStarted) / 1000)) * 10) / 10,
        unit: `${unit}/s`,
        kind: 'result',
      },
    );
    for (const phase of phases) {
      const lags = samples.filter((s) => s.at >= phase.from && s.at <= phase.to && !Number.isNaN(s.lag)).map((s) => s.lag);
      figures.push({ name: `${phase.name}: lag peak`, value: Math.max(0, ...lags), unit, kind: 'result' });
    }

    // Drain, then count: every item exactly once.
    const expected = Array.from({ length: sent }, (_, n) => target.idOf(n));
    const deadline = Date.now() + 10 * 60_000;
    while ((await target.handled()).size < sent && Date.now() < deadline)
      await Promise.race([new Promise((r) => setTimeout(r, 1000)), services.died]);
    figures.push({ name: 'drained after the offer ended in', value: Date.now() - offerEnded, unit: 'ms', kind: 'result' });
    await new Promise((r) => setTimeout(r, 3000)); // an item handled twice would show now
    const { lost, doubled, strangers } = countOnce(expected, await target.handled());
    figures.push(
      { name: `${unit} lost`, value: lost, unit, kind: 'result' },
      { name: `${unit} doubled`, value: doubled, unit, kind: 'result' },
    );
    if (lost) problems.push(`${lost} ${unit} were never handled`);
    if (doubled) problems.push(`${doubled} ${unit} were handled more than once`);
    if (strangers) problems.push(`${strangers} handled ${unit} match nothing offered`);
  } finally {
    offering = false;
    sampling = false;
    await sampler;
  }
  return { figures, notes, problems };
}
