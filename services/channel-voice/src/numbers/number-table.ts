import { callSetupSchema, type CallSetup } from '@threadline/contracts';

/** A number and the workspace it belongs to; `calls` null or left out gets the default call setup. */
export interface NumberEntry {
  number: string;
  workspaceId: string;
  calls?: CallSetup | null;
  /** Where it comes from: VOICE_NUMBERS, or an admin through the API. */
  source?: 'config' | 'api';
}
const DEFAULT_SETUP = callSetupSchema.parse({});

export interface CallLine {
  workspaceId: string;
  number: string;
  setup: CallSetup;
}

/** One snapshot of which workspace owns each of our Twilio numbers; later entries win on the same number. */
export class NumberTable {
  private readonly byNumber = new Map<string, NumberEntry>();
  private readonly byWorkspace = new Map<string, string[]>();

  constructor(numbers: readonly NumberEntry[]) {
    for (const entry of numbers) this.byNumber.set(entry.number, entry);
    for (const entry of this.byNumber.values()) {
      this.byWorkspace.set(entry.workspaceId, [...(this.byWorkspace.get(entry.workspaceId) ?? []), entry.number]);
    }
  }

  entry(number: string): NumberEntry | null {
    return this.byNumber.get(number) ?? null;
  }

  entriesOf(workspaceId: string): NumberEntry[] {
    return (this.byWorkspace.get(workspaceId) ?? []).flatMap((n) => this.byNumber.get(n) ?? []);
  }

  workspaceOf(number: string): string | null {
    return this.byNumber.get(number)?.workspaceId ?? null;
  }

  /** How calls to our number are answered, or null when no workspace owns it. */
  callLineOf(number: string): CallLine | null {
    const entry = this.byNumber.get(number);
    return entry ? { workspaceId: entry.workspaceId, number: entry.number, setup: entry.calls ?? DEFAULT_SETUP } : null;
  }

  /** Every number of a workspace with its call setup. */
  callLinesOf(workspaceId: string): { number: string; setup: CallSetup }[] {
    return this.entriesOf(workspaceId).map((entry) => ({ number: entry.number, setup: entry.calls ?? DEFAULT_SETUP }));
  }

  /** The number to send from: the one the customer last texted if it is still the workspace's, else its first. */
  senderFor(workspaceId: string, preferred: string | null): string | null {
    const own = this.byWorkspace.get(workspaceId) ?? [];
    if (preferred && own.includes(preferred)) return preferred;
    return own[0] ?? null;
  }
}
