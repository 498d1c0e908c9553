import type { PayloadOf } from '@threadline/contracts';
import { localBucket } from '../time-buckets/local-time';
import { ALL, NO_VALUE, type CounterDelta } from '../projection/counter-delta';

/**
 * A survey answer counts on the local day it was given, for the whole
 * workspace and for the channel, queue, agent and category the ticket had
 * when it was closed: how many answers of each score, per scale.
 */
export function satisfactionDeltas(answer: PayloadOf<'survey.answered.v1'>, timeZone: string): CounterDelta[] {
  return [
    {
      bucket: localBucket(answer.answeredAt, timeZone),
      dimensions: [
        ALL,
        { kind: 'channel', value: answer.channel },
        { kind: 'queue', value: answer.queue ?? NO_VALUE.queue },
        { kind: 'agent', value: answer.agentId ?? NO_VALUE.agent },
        { kind: 'category', value: answer.category ?? NO_VALUE.category },
      ],
      inc: { [`satisfaction.${answer.scale}.n`]: 1, [`satisfaction.${answer.scale}.s${answer.score}`]: 1 },
    },
  ];
}
