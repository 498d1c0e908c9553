/**
 * What tracing costs per event, on the CPU of the process that does it: one
 * event's producer span (with its traceparent into the headers) and one
 * consumer span continuing it, with the SDK off (no endpoint: the helpers are
 * plain calls) and on (exporting over OTLP/HTTP to a local receiver), rounds
 * alternating so a busy machine weighs on both alike. Compare with the CPU a
 * contact costs the tickets service (contact-to-ticket) for the share.
 */
import { inSpan, SpanKind, startTracing, traceContextFrom, traceHeaders } from '@threadline/observability';
import { OtlpReceiverStandIn } from '@threadline/testing';
import { intFromEnv } from '../env';
import { report } from '../report';
import { runScenario } from '../service-processes';

async function oneEvent(): Promise<void> {
  const headers = await inSpan('contact.received.v1 publish', { kind: SpanKind.PRODUCER }, async () => traceHeaders());
  await inSpan('contact.received.v1 process', { kind: SpanKind.CONSUMER, parent: traceContextFrom(headers) }, async () =>
    traceHeaders(),
  );
}

/**
 * CPU microseconds per event over `events` events, paced at about 1,000 events/s (far above
 * one pod's intake) so the batch exporter keeps up and its serialising and sending is counted
 * too, instead of spans dropped from a full queue. The receiver runs in this process: its
 * parsing is counted as well, so the figure is an upper bound.
 */
async function cpuPerEvent(events: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < events; i++) {
    await oneEvent();
    if (i % 100 === 99) await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 1500)); // the last batch exported
  const used = process.cpuUsage(before);
  return (used.user + used.system) / events;
}

async function main() {
  const events = intFromEnv('BENCH_TRACING_EVENTS', 5_000);
  const rounds = intFromEnv('BENCH_TRACING_ROUNDS', 5);
  const collector = new OtlpReceiverStandIn();
  await collector.start();
  const off: number[] = [];
  const on: number[] = [];
  await cpuPerEvent(500); // warm-up
  for (let r = 0; r < rounds; r++) {
    off.push(await cpuPerEvent(events));
    const tracing = startTracing('bench', collector.url)!;
    on.push(await cpuPerEvent(events));
    await tracing.shutdown();
  }
  await collector.stop();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  report(
    'tracing-overhead',
    { events, rounds },
    [
      {
        name: 'tracing off: CPU per event (median of rounds)',
        value: Math.round(median(off) * 100) / 100,
        unit: 'µs',
        kind: 'result',
      },
      {
        name: 'tracing on (OTLP): CPU per event (median of rounds)',
        value: Math.round(median(on) * 100) / 100,
        unit: 'µs',
        kind: 'result',
      },
      {
        name: `spans received by the OTLP receiver (of ${2 * events * rounds})`,
        value: collector.spans.length,
        unit: 'spans',
        kind: 'result',
      },
    ],
    [`rounds off: ${off.map((x) => x.toFixed(1)).join(', ')} µs; on: ${on.map((x) => x.toFixed(1)).join(', ')} µs`],
  );
}

runScenario(main);
