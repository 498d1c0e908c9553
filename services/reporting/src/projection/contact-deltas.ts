import type { PayloadOf } from '@threadline/contracts';
import { WAIT_BOUNDS_SECONDS } from '../figures/duration-histogram';
import { hourOfWeek, localBucket } from '../time-buckets/local-time';
import { ALL, durationFields, NO_VALUE, type CounterDelta } from './counter-delta';

/**
 * A contact counts on the local day and hour the customer made it, by
 * channel and by the queue it came in for (a mail route or the call queue).
 * A call that waited in a queue is also an offered call of that queue.
 */
export function contactDeltas(contact: PayloadOf<'contact.received.v1'>, timeZone: string): CounterDelta[] {
  const bucket = localBucket(contact.receivedAt, timeZone);
  const queue = contact.queue ?? contact.call?.queue ?? NO_VALUE.queue;
  const dimensions = [ALL, { kind: 'channel', value: contact.channel } as const, { kind: 'queue', value: queue } as const];
  const deltas: CounterDelta[] = [{ bucket, dimensions, inc: { contacts: 1, [`contactsByHour.${hourOfWeek(bucket)}`]: 1 } }];
  const call = contact.call;
  if (call?.queue) {
    const inc: Record<string, number> = { 'calls.offered': 1 };
    const max: Record<string, number> = {};
    if (call.outcome === 'answered') inc['calls.answered'] = 1;
    else if (call.outcome === 'abandoned') inc['calls.abandoned'] = 1;
    else inc['calls.other'] = 1;
    if (call.waitSeconds !== null) {
      const wait = durationFields('calls.wait', call.waitSeconds, WAIT_BOUNDS_SECONDS);
      Object.assign(inc, wait.inc);
      Object.assign(max, wait.max);
      if (call.outcome === 'answered') {
        Object.assign(inc, durationFields('calls.answeredWait', call.waitSeconds, WAIT_BOUNDS_SECONDS).inc);
      }
    }
    deltas.push({ bucket, dimensions, inc, max });
  }
  return deltas;
}
