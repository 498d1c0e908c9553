import { KafkaContainer } from '@testcontainers/kafka';
import { MongoDBContainer } from '@testcontainers/mongodb';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';

export interface StartedInfra {
  env: Record<string, string>;
  stop: () => Promise<void>;
}

const IMAP_PASSWORD = 'threadline';

/**
 * The same dependencies from official images. Only for machines with Docker;
 * scripts/infra.sh is the path everywhere else.
 */
export async function startDockerInfra(): Promise<StartedInfra> {
  const [kafka, mongo, imap] = await Promise.all([
    new KafkaContainer('apache/kafka:3.9.1').withKraft().withEnvironment({ KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false' }).start(),
    new MongoDBContainer('mongo:7').start(),
    new GenericContainer('dovecot/dovecot:2.3.21')
      .withExposedPorts(31143)
      .withEnvironment({ USER_PASSWORD: IMAP_PASSWORD })
      .withWaitStrategy(Wait.forListeningPorts())
      .start(),
  ]);
  const containers: StartedTestContainer[] = [kafka, mongo, imap];
  return {
    env: {
      KAFKA_BROKERS: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
      MONGO_URL: `${mongo.getConnectionString()}/?directConnection=true`,
      IMAP_HOST: imap.getHost(),
      IMAP_PORT: String(imap.getMappedPort(31143)),
      IMAP_PASSWORD,
    },
    stop: async () => {
      await Promise.all(containers.map((c) => c.stop()));
    },
  };
}
