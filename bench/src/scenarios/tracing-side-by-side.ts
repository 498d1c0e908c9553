/**
 * Tracing's cost on the intake, measured so a loaded machine hits both sides
 * alike: one backlog of contacts on Kafka, then two tickets processes at the
 * same time, each draining all of it in its own consumer group and database —
 * A without tracing, B exporting every span over OTLP/HTTP to a local receiver
 * (a collector's stand-in, in the bench process, so its parsing is not
 * charged to B). Per process: its own CPU time per contact (from
 * /proc/<pid>/stat, what tracing really adds) and its drain rate. Each store
 * is empty, so each process builds its indexes at start, as on a first start. Repeated
 * BENCH_TRACING_ROUNDS times over the same backlog (fresh groups and databases).
 */
import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { EventPublisher } from '@threadline/kafka';
import { OtlpReceiverStandIn } from '@threadline/testing';
import { benchKafka } from '../bench-kafka';
import { benchInfra, intFromEnv } from '../env';
import { contact, keyOf } from '../intake-contacts';
import { rawKafkaAndStoreFigures } from '../limits/raw-limits';
import { report, type Figure } from '../report';
import { metricTotal } from '../service-metrics';
import { runScenario, ServiceGroup } from '../service-processes';
import { perSecond } from '../stats';

const infra = benchInfra();
const brokers = infra.kafkaBrokers.split(',');
const run = Date.now().toString(36);
const workspaceId = `ws-bench-${run}`;

/** CPU seconds (user + system) the process has used so far. */
function cpuSeconds(child: ChildProcess): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat; after "pid (comm) " they are the 12th and 13th.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Side {
  name: 'off' | 'otlp';
  child: ChildProcess;
  url: string;
  cpuAtStart: number;
  done: number | null;
  cpu: number;
}

async function main() {
  const backlog = intFromEnv('BENCH_CONTACTS', 2000);
  const rounds = intFromEnv('BENCH_TRACING_ROUNDS', 2);
  const firstPort = intFromEnv('BENCH_TICKETS_HTTP_PORT', 23004);
  const figures: Figure[] = [];
  figures.push(...(await rawKafkaAndStoreFigures(brokers, infra.mongoUrl)));

  const { logger, client, admin } = await benchKafka(brokers);
  await admin.disconnect();
  const publisher = new EventPublisher(client, 'bench', logger);
  await publisher.connect();
  await Promise.all(
    Array.from({ length: backlog }, (_, i) => {
      const payload = contact(run, i);
      return publisher.publish('contact.received.v1', { workspaceId, key: keyOf(payload.from[0]), payload });
    }),
  );
  await publisher.disconnect();

  const collector = new OtlpReceiverStandIn();
  await collector.start();
  const cpuPerContact: Record<Side['name'], number[]> = { off: [], otlp: [] };
  try {
    for (let round = 1; round <= rounds; round++) {
      const services = new ServiceGroup();
      const envOf = (name: Side['name']) => ({
        MONGO_DATABASE: `bench_tickets_${run}_${round}_${name}`,
        TICKETS_CONSUMER_GROUP: `bench-tickets-${run}-${round}-${name}`,
      });
      try {
        const sides: Side[] = (['off', 'otlp'] as const).map((name, k) => {
          const port = firstPort + k;
          const child = services.start('tickets', {
            ...envOf(name),
            HTTP_PORT: String(port),
            ...(name === 'otlp' ? { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url } : {}),
          });
          return { name, child, url: `http://127.0.0.1:${port}`, cpuAtStart: 0, done: null, cpu: 0 };
        });
        await Promise.all(sides.map((s) => services.healthy(s.url)));
        const started = Date.now();
        for (const s of sides) s.cpuAtStart = cpuSeconds(s.child);
        while (sides.some((s) => s.done === null)) {
          for (const s of sides.filter((x) => x.done === null)) {
            if ((await metricTotal(s.url, 'threadline_intake_contacts_total')) >= backlog) {
              s.done = Date.now();
              s.cpu = cpuSeconds(s.child) - s.cpuAtStart;
            }
          }
          await Promise.race([new Promise((r) => setTimeout(r, 250)), services.died]);
        }
        for (const s of sides) {
          const ms = Math.round((s.cpu / backlog) * 100_000) / 100;
          cpuPerContact[s.name].push(ms);
          figures.push(
            { name: `round ${round}, tracing ${s.name}: CPU per contact`, value: ms, unit: 'ms', kind: 'result' },
            {
              name: `round ${round}, tracing ${s.name}: drain rate (side by side)`,
              value: perSecond(backlog, s.done! - started),
              unit: 'contact/s',
              kind: 'result',
            },
          );
        }
      } finally {
        await services.stop();
      }
    }
  } finally {
    await collector.stop();
  }
  const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);
  const overhead = Math.round((sum(cpuPerContact.otlp) / sum(cpuPerContact.off) - 1) * 1000) / 10;
  figures.push(
    { name: 'tracing overhead: CPU per contact, otlp vs off (all rounds)', value: overhead, unit: '%', kind: 'result' },
    { name: 'spans received by the OTLP stand-in', value: collector.spans.length, unit: 'spans', kind: 'result' },
  );
  report('tracing-side-by-side', { backlog, rounds }, figures);
}

runScenario(main);
