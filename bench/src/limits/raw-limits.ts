import type { Figure } from '../report';
import { rawKafkaRates } from './raw-kafka';
import { rawStoreInsertRate } from './raw-store';

/** Kafka's produce and consume rates and the store's bulk insert rate, as report rows (measured first, before the services load them). */
export async function rawKafkaAndStoreFigures(brokers: string[], mongoUrl: string): Promise<Figure[]> {
  const kafka = await rawKafkaRates(brokers, 10_000);
  const store = await rawStoreInsertRate(mongoUrl, 10_000);
  return [
    { name: 'kafkajs produce (idempotent, acks=all, 1.5 KB)', value: kafka.producePerSecond, unit: 'msg/s', kind: 'limit' },
    { name: 'kafkajs consume', value: kafka.consumePerSecond, unit: 'msg/s', kind: 'limit' },
    { name: 'store bulk insert (1.5 KB docs)', value: store.insertsPerSecond, unit: 'doc/s', kind: 'limit' },
  ];
}
