import type { Figure } from '../report';
import { rawKafkaRates } from './raw-kafka';
import { rawStoreInsertRate } from './raw-store';

/** Kafka's produce and consume rates and the store's bulk insert rate, as report rows (measured first, before the services load them). */
export async function rawKafkaAndStoreFigures(
  brokers: string[],
  mongoUrl: string,
  messages = 10_000,
  documents = 10_000,
): Promise<Figure[]> {
  const kafka = await rawKafkaRates(brokers, messages);
  const store = await rawStoreInsertRate(mongoUrl, documents);
  return [
    { name: 'kafkajs produce (idempotent, acks=all, 1.5 KB)', value: kafka.producePerSecond, unit: 'msg/s', kind: 'limit' },
    { name: 'kafkajs consume', value: kafka.consumePerSecond, unit: 'msg/s', kind: 'limit' },
    { name: 'store bulk insert (1.5 KB docs)', value: store.insertsPerSecond, unit: 'doc/s', kind: 'limit' },
  ];
}
