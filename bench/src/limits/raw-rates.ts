import type { Figure } from '../report';
import { rawKafkaRates } from './raw-kafka';
import { rawStoreInsertRate } from './raw-store';

/** Kafka produce and consume and the store's bulk inserts, alone, as limit rows beside a scenario's results. */
export async function rawKafkaAndStoreFigures(
  brokers: string[],
  mongoUrl: string,
  messages: number,
  documents: number,
): Promise<Figure[]> {
  const kafka = await rawKafkaRates(brokers, messages);
  const store = await rawStoreInsertRate(mongoUrl, documents);
  return [
    { name: 'kafkajs produce (idempotent, acks=all, 1.5 KB)', value: kafka.producePerSecond, unit: 'msg/s', kind: 'limit' },
    { name: 'kafkajs consume', value: kafka.consumePerSecond, unit: 'msg/s', kind: 'limit' },
    { name: 'store bulk insert (1.5 KB docs)', value: store.insertsPerSecond, unit: 'doc/s', kind: 'limit' },
  ];
}
