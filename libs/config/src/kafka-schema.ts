import { z } from 'zod';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const topicSettings = z.strictObject({
  partitions: z.number().int().min(1).optional(),
  replicationFactor: z.number().int().min(1).optional(),
});

/** KAFKA_TOPIC_SETTINGS: `{"contact.received.v1": {"partitions": 12, "replicationFactor": 3}, …}`. */
const topicSettingsMap = z.string().transform((raw, ctx) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object of topic → {partitions, replicationFactor}' });
    return z.NEVER;
  }
  const result = z.record(z.string(), topicSettings).safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    ctx.addIssue({ code: 'custom', message: `${issue.path.join('.')}: ${issue.message}` });
    return z.NEVER;
  }
  return result.data;
});

export type TopicSettings = z.infer<typeof topicSettings>;

/**
 * How a service reaches a real Kafka cluster (TLS, SASL) and how topics it
 * creates are laid out. The defaults are the local single broker: plain,
 * no auth, replication factor 1.
 */
export const kafkaConnectionSchema = {
  /** TLS to the brokers; with KAFKA_SSL_CA_FILE, a PEM file of the CA that signed them (else the system's CAs). */
  KAFKA_SSL: flag.default(false),
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  /** SASL over the connection: with it, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required. */
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  /** Replication factor of the topics a service creates (3 on a real cluster). */
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).default(1),
  /** Per topic, partitions and replication factor other than the registry's and KAFKA_REPLICATION_FACTOR. */
  KAFKA_TOPIC_SETTINGS: topicSettingsMap.default({}),
};
