import type { Admin, Kafka } from 'kafkajs';
import { createKafkaClient, ensureTopics } from '@threadline/kafka';
import { createLogger, type Logger } from '@threadline/observability';

/**
 * The bench's own Kafka client, with every topic created first: a bench
 * publishes before any service has started, and the broker does not
 * auto-create topics. `admin` stays connected for scenarios that read
 * offsets; they disconnect it when done.
 */
export async function benchKafka(brokers: string[]): Promise<{ logger: Logger; client: Kafka; admin: Admin }> {
  const logger = createLogger('bench', 'warn');
  const client = createKafkaClient({ brokers, clientId: 'bench', logger });
  const admin = client.admin();
  await admin.connect();
  await ensureTopics(admin);
  return { logger, client, admin };
}
