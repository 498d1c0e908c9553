import type { VoiceNumber } from '../config';
import { callSetupSchema, type CallSetup } from '../ivr/call-setup';

/** A number as configured; `calls` left out gets the default call setup. */
export type NumberEntry = VoiceNumber;
const DEFAULT_SETUP = callSetupSchema.parse({});

/**
 * Which workspace owns each of our Twilio numbers. From configuration in this
 * slice; the lookups stay the same when numbers move to the store.
 */
export class NumberDirectory {
  private readonly byNumber = new Map<string, NumberEntry>();
  private readonly byWorkspace = new Map<string, string[]>();

  constructor(numbers: readonly NumberEntry[]) {
    for (const entry of numbers) {
      this.byNumber.set(entry.number, entry);
      this.byWorkspace.set(entry.workspaceId, [...(this.byWorkspace.get(entry.workspaceId) ?? []), entry.number]);
    }
  }

  workspaceOf(number: string): string | null {
    return this.byNumber.get(number)?.workspaceId ?? null;
  }

  /** How calls to our number are answered, or null when no workspace owns it. */
  callLineOf(number: string): { workspaceId: string; number: string; setup: CallSetup } | null {
    const entry = this.byNumber.get(number);
    return entry ? { workspaceId: entry.workspaceId, number: entry.number, setup: entry.calls ?? DEFAULT_SETUP } : null;
  }

  /** Every number of a workspace with its call setup. */
  callLinesOf(workspaceId: string): { number: string; setup: CallSetup }[] {
    return (this.byWorkspace.get(workspaceId) ?? []).map((number) => ({
      number,
      setup: this.byNumber.get(number)?.calls ?? DEFAULT_SETUP,
    }));
  }

  /** The number to send from: the one the customer last texted if it is still the workspace's, else its first. */
  senderFor(workspaceId: string, preferred: string | null): string | null {
    const own = this.byWorkspace.get(workspaceId) ?? [];
    if (preferred && own.includes(preferred)) return preferred;
    return own[0] ?? null;
  }
}
