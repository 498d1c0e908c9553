import { createHash } from 'node:crypto';

/** The share of labelled tickets kept out of training to measure the model on (by ticket, so it never moves). */
export const HELD_BACK_PERCENT = 20;

/**
 * Whether a ticket's label is held back: decided by a hash of the ticket id,
 * so a ticket is always on the same side — retraining never tests the model
 * on what it learnt from — and the share stays 1 in 5 as labels grow.
 */
export function isHeldBack(ticketId: string): boolean {
  return createHash('sha256').update(ticketId).digest().readUInt32BE(0) % 100 < HELD_BACK_PERCENT;
}
