import type { Connection } from 'mongoose';
import type { SlaTarget } from '@threadline/contracts';
import { DueTimerStore, type DueTimerDoc } from '@threadline/persistence';
import type { TimerKind } from './sla-clock';

export { bucketOf } from '@threadline/persistence';

/** A due moment of a ticket's clock, kept in the shared minute-bucket timer store. */
export interface SlaTimerDoc extends DueTimerDoc {
  /** `${ticketId}:${target}:${kind}:${cycle}`: one per firing, so moving it is an upsert. */
  _id: string;
  ticketId: string;
  target: SlaTarget;
  kind: TimerKind;
  cycle: number;
}

export const timerId = (ticketId: string, t: { target: SlaTarget; kind: TimerKind; cycle: number }) =>
  `${ticketId}:${t.target}:${t.kind}:${t.cycle}`;
export const bucketPartitionOf = (bucket: string) => Number(bucket.slice(0, bucket.indexOf(':')));
export const bucketMinuteOf = (bucket: string) => Number(bucket.slice(bucket.indexOf(':') + 1));

export class SlaTimerRepository extends DueTimerStore<SlaTimerDoc> {
  constructor(connection: Connection) {
    super(
      connection,
      'SlaTimer',
      'sla_timers',
      {
        ticketId: { type: String, required: true },
        target: { type: String, required: true },
        kind: { type: String, required: true },
        cycle: { type: Number, required: true },
      },
      'sla_timer_cursors',
    );
  }
}
