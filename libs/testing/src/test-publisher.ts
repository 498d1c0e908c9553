import { createKafkaClient, EventPublisher } from '@threadline/kafka';
import { createLogger } from '@threadline/observability';
import { testInfra } from './test-env';

/** An EventPublisher on the test Kafka, posing as `source` (e.g. a channel); connect before use. */
export function testPublisher(source: string): EventPublisher {
  const logger = createLogger(`${source}-test`, 'silent');
  return new EventPublisher(
    createKafkaClient({ brokers: testInfra().kafkaBrokers.split(','), clientId: `${source}-test`, logger }),
    source,
    logger,
  );
}
