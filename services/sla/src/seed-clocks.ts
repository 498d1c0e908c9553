/**
 * Seeds open tickets' clocks in bulk for the `sla-timers` bench: reads `ticket.created.v1` envelopes, one
 * JSON a line, on stdin and stores the clocks and timers the service would write for them (`SeedClocks`),
 * each in the partition Kafka gives its key. Prints `{"clocks":n,"timers":m}`. Needs MONGO_URL and
 * MONGO_DATABASE (the sla service's own database) and reads the same clock settings as the service.
 */
import { createInterface } from 'node:readline';
import { TOPICS, validateEvent, type TypedEnvelope } from '@threadline/contracts';
import { keyPartition } from '@threadline/kafka';
import { connectMongo } from '@threadline/persistence';
import { slaConfigSchema } from './config';
import { SeedClocks } from './clocks/seed-clocks.usecase';
import { SlaClockRepository } from './clocks/sla-clock.repository';
import { SlaTimerRepository } from './clocks/sla-timer.repository';
import { PolicyBook } from './policies/policy-book';
import { SlaPolicyRepository } from './policies/sla-policy.repository';
import { WorkspaceCalendarRepository } from './policies/workspace-calendar.repository';

const BATCH = 1000;

async function main() {
  const config = slaConfigSchema
    .pick({ MONGO_URL: true, MONGO_DATABASE: true, SLA_WARNING_SHARE: true, SLA_PAUSED_STATUSES: true })
    .parse(process.env);
  const connection = await connectMongo(config.MONGO_URL, config.MONGO_DATABASE);
  const book = new PolicyBook(new SlaPolicyRepository(connection), new WorkspaceCalendarRepository(connection), 60_000);
  const seeder = new SeedClocks(new SlaClockRepository(connection), new SlaTimerRepository(connection), book, {
    warningShare: config.SLA_WARNING_SHARE,
    pausedStatuses: config.SLA_PAUSED_STATUSES,
  });
  const { name, partitions } = TOPICS.ticketEvents;
  const partitionOf = (ticketId: string) => keyPartition(name, partitions, ticketId);
  const total = { clocks: 0, timers: 0 };
  let batch: TypedEnvelope<'ticket.created.v1'>[] = [];
  const flush = async () => {
    const done = await seeder.seed(batch, partitionOf, new Date());
    total.clocks += done.clocks;
    total.timers += done.timers;
    batch = [];
  };
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    const event = validateEvent(JSON.parse(line));
    if (event.type !== 'ticket.created.v1') throw new Error(`seed-clocks takes ticket.created.v1 lines only, got ${event.type}`);
    batch.push(event);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length) await flush();
  await connection.close();
  process.stdout.write(`${JSON.stringify(total)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
