import type { VoiceNumber } from '../config';

/**
 * Which workspace owns each of our Twilio numbers. From configuration in this
 * slice; the lookups stay the same when numbers move to the store.
 */
export class NumberDirectory {
  private readonly byNumber = new Map<string, VoiceNumber>();
  private readonly byWorkspace = new Map<string, string[]>();

  constructor(numbers: readonly VoiceNumber[]) {
    for (const entry of numbers) {
      this.byNumber.set(entry.number, entry);
      this.byWorkspace.set(entry.workspaceId, [...(this.byWorkspace.get(entry.workspaceId) ?? []), entry.number]);
    }
  }

  workspaceOf(number: string): string | null {
    return this.byNumber.get(number)?.workspaceId ?? null;
  }

  /** The number to send from: the one the customer last texted if it is still the workspace's, else its first. */
  senderFor(workspaceId: string, preferred: string | null): string | null {
    const own = this.byWorkspace.get(workspaceId) ?? [];
    if (preferred && own.includes(preferred)) return preferred;
    return own[0] ?? null;
  }
}
