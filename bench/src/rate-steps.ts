import type { Figure } from './report';
import { percentile, perSecond } from './stats';

/** One request of a stepped run: when it went out, when (and how) it was answered, and the contacts it carried. */
export interface SentRequest {
  step: number;
  sentAt: number;
  answeredAt: number | null;
  /** HTTP status, or null when it failed or timed out. */
  status: number | null;
  /** The deterministic event ids of the contacts this request should become. */
  eventIds: string[];
}

export interface StepResult {
  rate: number;
  p50: number;
  p99: number;
  max: number;
  answered: number;
  failed: number;
}

export interface RateStepsOptions {
  rates: number[];
  stepSeconds: number;
  /** What one request is called in the figures (webhook, POST). */
  unit: string;
  /** Contacts each request carries; above 1 the figures say contacts/s too. */
  itemsPerRequest?: number;
  itemUnit?: string;
  /** Sends request `index` and fills `record` in; must not throw. */
  send: (index: number, record: SentRequest) => Promise<void>;
  /** Rejects when a service under test dies. */
  died: Promise<never>;
  sustainedP99Ms?: number;
}

/** Percentile figures of a list of durations, named `<name> p50` and `<name> p99`. */
export function percentileFigures(name: string, samples: number[], kind: Figure['kind'] = 'result'): Figure[] {
  return [
    { name: `${name} p50`, value: percentile(samples, 50), unit: 'ms', kind },
    { name: `${name} p99`, value: percentile(samples, 99), unit: 'ms', kind },
  ];
}

/** Parses a comma-separated list of positive integers (offered rates). */
export function ratesFromEnv(name: string, fallback: string): number[] {
  const raw = process.env[name] || fallback;
  const rates = raw.split(',').map((r) => Number(r.trim()));
  if (rates.some((r) => !Number.isInteger(r) || r <= 0)) throw new Error(`${name} must be positive integers, e.g. 10,20,40`);
  return rates;
}

/**
 * Requests at a rising offered rate, open loop (each on its own schedule,
 * whatever the answers do), `stepSeconds` per rate. Per step: response time
 * p50/p99/max and the rate answered 200; then the highest rate sustained
 * with p99 under the bound, no failures and ≥ 90 % of the rate answered.
 */
export async function runRateSteps(
  options: RateStepsOptions,
): Promise<{ sent: SentRequest[]; steps: StepResult[]; figures: Figure[]; notes: string[] }> {
  const { rates, stepSeconds, unit, send, died, sustainedP99Ms = 100 } = options;
  const items = options.itemsPerRequest ?? 1;
  const sent: SentRequest[] = [];
  const steps: StepResult[] = [];
  const figures: Figure[] = [];
  const notes: string[] = [];
  const go = (index: number, step: number) => {
    const record: SentRequest = { step, sentAt: Date.now(), answeredAt: null, status: null, eventIds: [] };
    sent.push(record);
    return send(index, record).finally(() => (record.answeredAt ??= Date.now()));
  };

  // Warm-up: the first requests pay for connections and JIT; not measured.
  for (let w = 0; w < 5; w++) await go(1_000_000 + w, -1);
  sent.length = 0;

  let index = 0;
  let sustained = 0;
  for (const [step, rate] of rates.entries()) {
    const count = rate * stepSeconds;
    const started = Date.now();
    const inFlight: Promise<void>[] = [];
    for (let k = 0; k < count; k++) {
      const due = started + (k * 1000) / rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      inFlight.push(go(index++, step));
    }
    await Promise.race([Promise.all(inFlight), died]);
    const mine = sent.filter((s) => s.step === step);
    const ok = mine.filter((s) => s.status === 200);
    const times = ok.map((s) => s.answeredAt! - s.sentAt);
    const lastAnswer = Math.max(...mine.map((s) => s.answeredAt!));
    const answered = perSecond(ok.length, lastAnswer - started);
    const result: StepResult = {
      rate,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      max: times.length ? Math.max(...times) : NaN,
      answered,
      failed: mine.length - ok.length,
    };
    steps.push(result);
    const label = `${rate}/s × ${stepSeconds} s`;
    figures.push(
      ...percentileFigures(`${label}: response`, times),
      { name: `${label}: response max`, value: result.max, unit: 'ms', kind: 'result' },
      { name: `${label}: rate answered 200`, value: answered, unit: `${unit}/s`, kind: 'result' },
    );
    if (items > 1) {
      figures.push({
        name: `${label}: ${options.itemUnit ?? 'items'} answered 200`,
        value: Math.round(answered * items),
        unit: `${options.itemUnit ?? 'items'}/s`,
        kind: 'result',
      });
    }
    if (result.failed)
      figures.push({ name: `${rate}/s: ${unit}s failed or not 200`, value: result.failed, unit: `${unit}s`, kind: 'result' });
    const held = result.failed === 0 && result.p99 < sustainedP99Ms && answered >= 0.9 * rate;
    if (held) sustained = rate;
    // Bounded: past a step this far gone, a higher rate only measures a longer queue.
    if (step < rates.length - 1 && (result.p99 > 5_000 || result.failed > count / 10)) {
      notes.push(`stopped after ${rate}/s: p99 ${result.p99} ms, ${result.failed} failed`);
      break;
    }
  }
  figures.push({
    name: `highest rate sustained with p99 < ${sustainedP99Ms} ms`,
    value: sustained,
    unit: `${unit}/s`,
    kind: 'result',
  });
  if (items > 1) {
    figures.push({
      name: `  the same in ${options.itemUnit ?? 'items'}`,
      value: sustained * items,
      unit: `${options.itemUnit ?? 'items'}/s`,
      kind: 'result',
    });
  }
  return { sent, steps, figures, notes };
}
