import { commonConfigSchema } from './common-schema';
import { ConfigError, loadConfig } from './load-config';

const valid = {
  HTTP_PORT: '3004',
  INTERNAL_HTTP_PORT: '3104',
  SERVICE_TOKEN_SECRET: 'x'.repeat(40),
  KAFKA_BROKERS: 'kafka-0.kafka:9093',
  MONGO_URL: 'mongodb://mongo-0.mongo:27017/?replicaSet=rs0&tls=true',
  MONGO_DATABASE: 'threadline_tickets',
};

it('defaults to the local broker: no TLS, no SASL, replication factor 1, the registry’s partitions', () => {
  expect(loadConfig('tickets', commonConfigSchema, valid)).toMatchObject({
    KAFKA_SSL: false,
    KAFKA_REPLICATION_FACTOR: 1,
    KAFKA_TOPIC_SETTINGS: {},
  });
});

it('reads a real cluster’s TLS, SASL and topic layout', () => {
  const config = loadConfig('tickets', commonConfigSchema, {
    ...valid,
    KAFKA_SSL: 'true',
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: 'threadline',
    KAFKA_SASL_PASSWORD: 'hasło-zażółć',
    KAFKA_REPLICATION_FACTOR: '3',
    KAFKA_TOPIC_SETTINGS: '{"contact.received.v1": {"partitions": 12}, "platform.dead-letters.v1": {"replicationFactor": 2}}',
  });
  expect(config).toMatchObject({
    KAFKA_SSL: true,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_PASSWORD: 'hasło-zażółć',
    KAFKA_REPLICATION_FACTOR: 3,
    KAFKA_TOPIC_SETTINGS: { 'contact.received.v1': { partitions: 12 }, 'platform.dead-letters.v1': { replicationFactor: 2 } },
  });
});

it('names a wrong topic layout or SASL mechanism', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig('tickets', commonConfigSchema, { ...valid, ...env });
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };
  expect(problems({ KAFKA_TOPIC_SETTINGS: '{"contact.received.v1": {"partitions": 0}}' }).join('\n')).toMatch(
    /KAFKA_TOPIC_SETTINGS: contact.received.v1.partitions: /,
  );
  expect(problems({ KAFKA_TOPIC_SETTINGS: 'partitions=12' }).join('\n')).toMatch(/KAFKA_TOPIC_SETTINGS: must be a JSON object/);
  expect(problems({ KAFKA_SASL_MECHANISM: 'gssapi' }).join('\n')).toMatch(/KAFKA_SASL_MECHANISM: /);
  expect(problems({ KAFKA_SSL: 'yes' }).join('\n')).toMatch(/KAFKA_SSL: /);
});
