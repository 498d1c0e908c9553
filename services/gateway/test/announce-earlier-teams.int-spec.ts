// Teams set by a build that did not announce them reach reporting: at start the gateway announces
// each such agent's teams once, as held since the agent was created, and marks them announced.
import type { Connection } from 'mongoose';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import { connectMongo } from '@threadline/persistence';
import {
  EventProbe,
  startService,
  testInfra,
  uniqueName,
  waitFor,
  type RunningService,
  gatewayTestEnv,
} from '@threadline/testing';
import { AnnounceEarlierTeams } from '../src/agents/announce-earlier-teams';
import { gatewayService } from '../src/app.module';

const env = {
  ...gatewayTestEnv(),
  TICKETS_URL: 'http://127.0.0.1:9', // not called here
};
const workspaceId = uniqueName('ws');
const createdAt = new Date('2026-03-02T08:00:00.000Z');
const agent = (id: string, teams: string[], extra: object = {}) => ({
  _id: id,
  workspaceId,
  email: `${id}@firma.test`,
  name: id,
  role: 'agent',
  teams,
  passwordHash: 'not-used',
  createdAt,
  ...extra,
});
const probe = new EventProbe(testInfra().kafkaBrokers.split(','));
let gateway: RunningService;
let store: Connection;

beforeAll(async () => {
  store = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
  await store.collection('agents').insertMany([
    agent('ola', ['reklamacje', 'windykacja']), // set by the earlier build: never announced
    agent('piotr', ['sprzedaz'], { teamsAnnouncedAt: new Date() }), // an admin set them since
    agent('kasia', []),
  ] as never[]);
  await probe.start([TOPICS.agentEvents.name]);
  gateway = await startService(gatewayService, env);
});

afterAll(async () => {
  await gateway?.close();
  await probe.stop();
  await store?.close();
});

const teamAnnouncements = () =>
  probe
    .events()
    .filter(
      (e) => e.type === 'agent.teams-changed.v1' && e.workspaceId === workspaceId,
    ) as TypedEnvelope<'agent.teams-changed.v1'>[];
const announcedIn = (agentId: string) => teamAnnouncements().filter((e) => e.payload.agentId === agentId);

it("announces the teams nobody announced, as held since the agent's creation, once", async () => {
  const [event] = await waitFor('ola’s teams announced', () => (announcedIn('ola').length > 0 ? announcedIn('ola') : null));
  expect(event).toMatchObject({
    workspaceId,
    payload: { agentId: 'ola', teams: ['reklamacje', 'windykacja'], changedAt: createdAt.toISOString() },
  });
  await waitFor(
    'ola marked announced',
    async () => (await store.collection('agents').findOne({ _id: 'ola' } as never))?.teamsAnnouncedAt,
  );

  // The next start finds nobody left to announce; an agent an admin had set, or without teams, never was.
  expect(await gateway.app.get(AnnounceEarlierTeams).run()).toBe(0);
  expect(announcedIn('ola')).toHaveLength(1);
  expect(announcedIn('piotr')).toHaveLength(0);
  expect(announcedIn('kasia')).toHaveLength(0);
});
