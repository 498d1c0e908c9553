import { Partitioners } from 'kafkajs';

const partitioner = Partitioners.DefaultPartitioner();

/** The partition a keyed event lands on with the publisher's partitioner (kafkajs' default, murmur2 as in Java). */
export function keyPartition(topic: string, partitions: number, key: string): number {
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  return partitioner({ topic, partitionMetadata, message: { key, value: null } });
}
