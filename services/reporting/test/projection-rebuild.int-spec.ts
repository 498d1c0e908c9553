// Several reporting instances start at once over read models projected by an
// older version: exactly one clears them, all of them consume in the one new
// group it names, and a claim left by an instance that died is taken over;
// reports wait until that group has reached where the topics ended.
// Real: the store and Kafka (for the topics' end offsets).
import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { Connection } from 'mongoose';
import { TOPICS } from '@threadline/contracts';
import { ensureTopics } from '@threadline/kafka';
import { createLogger } from '@threadline/observability';
import { connectMongo } from '@threadline/persistence';
import { testInfra, uniqueName, waitFor } from '@threadline/testing';
import { PROJECTION_VERSION } from '../src/projection/projection-version';
import { EnsureProjectionVersion, RebuildProgress } from '../src/projection/rebuild';
import { ProjectionMarkerStore } from '../src/read-models/projection-marker';
import { ReadModelStore } from '../src/read-models/read-model-store';

const topics = [TOPICS.contactReceived.name, TOPICS.ticketEvents.name];
const logger = createLogger('reporting-test', 'silent');
let admin: Admin;
const connections: Connection[] = [];

beforeAll(async () => {
  admin = new Kafka({
    clientId: 'rebuild-test',
    brokers: testInfra().kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  await ensureTopics(admin);
});

afterAll(async () => {
  await admin.disconnect();
  await Promise.all(connections.map((c) => c.close()));
});

/** One reporting instance's view of a database: its own connection, stores and counter of clears. */
async function instance(database: string) {
  const connection = await connectMongo(testInfra().mongoUrl, database);
  connections.push(connection);
  const readModels = new ReadModelStore(connection);
  const markers = new ProjectionMarkerStore(connection);
  let clears = 0;
  const clear = readModels.clear.bind(readModels);
  readModels.clear = () => {
    clears++;
    return clear();
  };
  return {
    readModels,
    markers,
    connection,
    clears: () => clears,
    ensure: () => new EnsureProjectionVersion(markers, readModels, admin, logger).execute('reporting', topics),
  };
}

it('clears read models of an older projection once, however many instances start together, and all consume in one new group', async () => {
  const database = uniqueName('t_reporting_rebuild');
  const instances = await Promise.all([instance(database), instance(database), instance(database)]);
  await instances[0].readModels.claimMany([{ id: 'event-1', workspaceId: 'ws-1' }]);
  await instances[0].markers.setMarker({
    version: PROJECTION_VERSION - 1,
    group: 'reporting',
    rebuildUntil: null,
    since: new Date(),
  });

  const markers = await Promise.all(instances.map((i) => i.ensure()));

  expect(instances.map((i) => i.clears()).reduce((a, b) => a + b)).toBe(1);
  expect(new Set(markers.map((m) => m.group)).size).toBe(1);
  expect(markers[0]).toMatchObject({ version: PROJECTION_VERSION, group: expect.stringMatching(/^reporting\.v\d+-/) });
  expect(await instances[0].readModels.hasReadModels()).toBe(false);
  // The event projected before counts again in the replay.
  expect(await instances[1].readModels.claimMany([{ id: 'event-1', workspaceId: 'ws-1' }])).toEqual(new Set(['event-1']));
});

it('keeps the configured group and clears nothing in a store that never held figures', async () => {
  const first = await instance(uniqueName('t_reporting_rebuild'));
  expect(await first.ensure()).toMatchObject({ version: PROJECTION_VERSION, group: 'reporting' });
  expect(first.clears()).toBe(0);
});

it('takes over the claim of an instance that died while clearing', async () => {
  const database = uniqueName('t_reporting_rebuild');
  const survivor = await instance(database);
  await survivor.readModels.claimMany([{ id: 'event-1', workspaceId: 'ws-1' }]);
  await survivor.connection
    .collection('report_projection')
    .insertOne({ _id: 'rebuild-claim' as never, owner: 'dead', until: new Date(Date.now() - 1000) });

  expect(await survivor.ensure()).toMatchObject({ version: PROJECTION_VERSION });
  expect(survivor.clears()).toBe(1);
  expect(await survivor.connection.collection('report_projection').findOne({ _id: 'rebuild-claim' as never })).toBeNull();
});

it('counts as rebuilding until the group has committed the offsets the rebuild must reach, then records it as done', async () => {
  const { markers } = await instance(uniqueName('t_reporting_rebuild'));
  const group = uniqueName('reporting-rebuild');
  const topic = TOPICS.contactReceived.name;
  await markers.setMarker({
    version: PROJECTION_VERSION,
    group,
    rebuildUntil: [{ topic, partition: 0, offset: '1' }],
    since: new Date(),
  });
  expect(await new RebuildProgress(markers, admin).rebuilding()).toBe(true);

  // A new group's coordinator may take a moment to be elected: commit once it is.
  await waitFor('the group to commit', () =>
    admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '1' }] }).then(() => true),
  );

  await waitFor('the rebuild to count as done', async () => !(await new RebuildProgress(markers, admin).rebuilding()));
  expect(await markers.marker()).toMatchObject({ rebuildUntil: null });
  // Another instance learns it from the marker, without asking Kafka.
  expect(await new RebuildProgress(markers, admin).rebuilding()).toBe(false);
});
