// What an ops team scrapes and reads: request metrics by route template, access logs
// with the correlation id, and consumer lag per partition that rises while a consumer
// is stuck and falls back to 0 once it catches up. Real Kafka, real store.
import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { Writable } from 'node:stream';
import { TOPICS } from '@threadline/contracts';
import { commonConfigSchema } from '@threadline/config';
import { createLogger } from '@threadline/observability';
import { ConsumerHost, PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import {
  buildContact,
  commonTestEnv,
  consumerGroupStartingNow,
  startService,
  testPublisher,
  uniqueName,
  waitFor,
  type RunningService,
} from '@threadline/testing';

const topic = TOPICS.contactReceived.name;
const ws = uniqueName('ws-ops');
const logLines: Record<string, unknown>[] = [];
const logSink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

/** A consumer that holds this test's contacts until released: the lag it leaves behind is what we measure. */
let release: () => void = () => {};
const released = new Promise<void>((resolve) => (release = resolve));
let firstHeld: () => void = () => {};
const held = new Promise<void>((resolve) => (firstHeld = resolve));

let groupId: string;
let service: RunningService;

function definition(): ServiceDefinition<typeof commonConfigSchema._output> {
  @Injectable()
  class StuckConsumer implements OnModuleInit {
    constructor(private readonly host: ConsumerHost) {}
    onModuleInit(): void {
      this.host.add({
        groupId,
        topics: [topic],
        handler: async (event) => {
          if (event.workspaceId !== ws) return 'ignored';
          firstHeld();
          await released;
          return 'done';
        },
      });
    }
  }
  @Module({ providers: [StuckConsumer] })
  class OpsTestModule {}
  return {
    name: 'ops-test',
    configSchema: commonConfigSchema,
    module: (config) => ({
      module: OpsTestModule,
      imports: [PlatformModule.forRoot({ service: 'ops-test', config, logger: createLogger('ops-test', 'info', logSink) })],
    }),
  };
}

beforeAll(async () => {
  groupId = await consumerGroupStartingNow('ops-lag', [topic]);
  service = await startService(definition(), { ...commonTestEnv('ops-test'), LOG_LEVEL: 'info' });
});

afterAll(async () => {
  release();
  await service?.close();
});

const metricsText = async () => (await fetch(`${service.url}/metrics`)).text();
/** The value of the sample `name` whose labels include `labels` (in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const [, labelText, value] of text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm'))) {
    const has = Object.fromEntries([...labelText.matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
    if (Object.entries(labels).every(([k, v]) => has[k] === v)) return Number(value);
  }
  return undefined;
}
const lagOf = (text: string) =>
  [...text.matchAll(/^threadline_kafka_consumer_lag\{([^}]*)\} (\d+)$/gm)]
    .filter(([, labels]) => labels.includes(`group="${groupId}"`))
    .reduce((sum, [, , value]) => sum + Number(value), 0);

it('counts and times requests by route template and status, and logs each with its correlation id', async () => {
  await service.internalApi(ws).fetch('nothing-here/1');
  await fetch(`${service.url}/nothing-here/42?email=jan.kowalski@example.pl`, { headers: { 'x-correlation-id': 'req-123' } });
  await fetch(`${service.url}/health/ready`);
  await fetch(`${service.url}/health/ready`);

  const text = await metricsText();
  const ready = { method: 'GET', route: '/health/ready', status: '200', service: 'ops-test' };
  expect(sample(text, 'threadline_http_request_duration_seconds_count', ready)).toBe(2);
  expect(sample(text, 'threadline_http_requests_total', ready)).toBe(2);
  expect(sample(text, 'threadline_http_request_duration_seconds_sum', ready)).toBeGreaterThan(0);
  // Paths no route matched are one label, on either listener: ids never become labels.
  expect(sample(text, 'threadline_http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBe(2);
  expect(text).not.toContain('nothing-here');

  const line = await waitFor('the access log line of the request', () =>
    logLines.find((l) => l.component === 'http' && l.correlationId === 'req-123'),
  );
  expect(line).toMatchObject({
    method: 'GET',
    path: '/nothing-here/42',
    route: 'unmatched',
    status: 404,
    durationMs: expect.any(Number),
  });
  // No query string, no headers: nothing personal on the line.
  expect(JSON.stringify(line)).not.toContain('kowalski');
  // Probes are counted but not logged at info.
  expect(logLines.filter((l) => l.component === 'http' && l.path === '/health/ready')).toEqual([]);
});

it('reports consumer lag per group, topic and partition: up while the consumer is stuck, back to 0 once it catches up', async () => {
  const host = service.app.get(ConsumerHost);
  expect((await host.measureLag()).filter((l) => l.group === groupId).every((l) => l.lag === 0)).toBe(true);

  const publisher = testPublisher('channel-email');
  await publisher.connect();
  try {
    const from = [{ kind: 'email' as const, value: 'jan.kowalski@example.pl' }];
    for (let i = 0; i < 5; i++) {
      await publisher.publish('contact.received.v1', {
        workspaceId: ws,
        key: 'jan.kowalski@example.pl',
        payload: buildContact('email', from),
      });
    }
  } finally {
    await publisher.disconnect();
  }
  await held;
  const stuck = await host.measureLag();
  // One key, one partition: the held contact and the four behind it are uncommitted (other tests' events may queue too).
  const behind = stuck.filter((l) => l.group === groupId && l.lag > 0);
  expect(behind.map((l) => l.topic)).toContain(topic);
  expect(Math.max(...behind.map((l) => l.lag))).toBeGreaterThanOrEqual(5);
  expect(lagOf(await metricsText())).toBeGreaterThanOrEqual(5);

  release();
  await waitFor('the lag back to 0', async () => {
    await host.measureLag();
    return lagOf(await metricsText()) === 0;
  });
});
