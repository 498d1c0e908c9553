import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaContainer } from '@testcontainers/kafka';
import { MongoDBContainer } from '@testcontainers/mongodb';
import { GenericContainer, Network, Wait, type StartedTestContainer } from 'testcontainers';
import { parse } from 'yaml';

export interface StartedInfra {
  env: Record<string, string>;
  stop: () => Promise<void>;
}

const REPO = join(__dirname, '..', '..', '..');
const IMAP_PASSWORD = 'threadline';

interface ComposeServer {
  image: string;
  environment?: Record<string, string | number>;
  volumes?: string[];
}

/**
 * The servers docker-compose.yml runs beside the services (Kafka, MongoDB,
 * the demo's Dovecot and Postfix), read from that file: the test path starts
 * the same images with the same settings, so the two cannot drift apart.
 */
export function composeServers(file = join(REPO, 'docker-compose.yml')) {
  const { services } = parse(readFileSync(file, 'utf8'), { merge: true }) as { services: Record<string, ComposeServer> };
  const pick = (name: string) => {
    const server = services[name];
    if (!server?.image) throw new Error(`docker-compose.yml has no image for ${name}`);
    return server;
  };
  const imap = pick('imap');
  // "./infra/docker/dovecot.conf:/etc/dovecot/dovecot.conf:ro" → the file on this side and where it goes.
  const [source, target] = (imap.volumes ?? []).map((v) => v.split(':')).find(([from]) => from.endsWith('.conf')) ?? [];
  if (!source || !target) throw new Error('docker-compose.yml mounts no Dovecot configuration into imap');
  const smtp = pick('smtp');
  return {
    kafka: pick('kafka').image,
    mongo: pick('mongo').image,
    imap: { image: imap.image, config: { source: join(REPO, source), target } },
    smtp: {
      image: smtp.image,
      environment: Object.fromEntries(Object.entries(smtp.environment ?? {}).map(([k, v]) => [k, String(v)])),
    },
  };
}

/** Ports inside the containers (infra/docker/dovecot.conf and the Postfix image). */
const IMAP_PORT = 143;
const SMTP_PORT = 587;

/**
 * The same dependencies as docker-compose.yml, from the same images. Only for
 * machines with Docker; scripts/infra.sh is the path everywhere else.
 */
export async function startDockerInfra(): Promise<StartedInfra> {
  const servers = composeServers();
  const network = await new Network().start();
  const [kafka, mongo, imap] = await Promise.all([
    new KafkaContainer(servers.kafka).withKraft().withEnvironment({ KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false' }).start(),
    new MongoDBContainer(servers.mongo).start(),
    new GenericContainer(servers.imap.image)
      .withNetwork(network)
      .withNetworkAliases('imap')
      .withCopyFilesToContainer([servers.imap.config])
      .withEnvironment({ USER_PASSWORD: IMAP_PASSWORD })
      .withExposedPorts(IMAP_PORT)
      .withWaitStrategy(Wait.forListeningPorts())
      .start(),
  ]);
  // Postfix delivers to "imap" over LMTP, so it starts once Dovecot answers.
  const smtp = await new GenericContainer(servers.smtp.image)
    .withNetwork(network)
    .withEnvironment(servers.smtp.environment)
    .withExposedPorts(SMTP_PORT)
    .withWaitStrategy(Wait.forListeningPorts())
    .start();
  const containers: StartedTestContainer[] = [kafka, mongo, imap, smtp];
  return {
    env: {
      KAFKA_BROKERS: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
      MONGO_URL: `${mongo.getConnectionString()}/?directConnection=true`,
      IMAP_HOST: imap.getHost(),
      IMAP_PORT: String(imap.getMappedPort(IMAP_PORT)),
      IMAP_PASSWORD,
      SMTP_HOST: smtp.getHost(),
      SMTP_PORT: String(smtp.getMappedPort(SMTP_PORT)),
    },
    stop: async () => {
      await Promise.all(containers.map((c) => c.stop()));
      await network.stop();
    },
  };
}
