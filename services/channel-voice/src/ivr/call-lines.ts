import { deterministicId } from '@threadline/persistence';
import type { NumberDirectory } from '../numbers/number-directory';
import type { CallSetup } from './call-setup';
import type { TwimlContext } from './call-twiml';
import type { VoiceUrls } from './voice-urls';

/** Our number's call setup and the TwiML context for it. */
export class CallLines {
  constructor(
    private readonly numbers: NumberDirectory,
    private readonly urls: VoiceUrls,
  ) {}

  async line(ourNumber: string): Promise<{ workspaceId: string; number: string; setup: CallSetup; twiml: TwimlContext } | null> {
    const line = await this.numbers.callLineOf(ourNumber);
    if (!line) return null;
    return { ...line, twiml: this.contextFor(line.workspaceId, line.setup) };
  }

  contextFor(workspaceId: string, setup: CallSetup): TwimlContext {
    return { setup, urls: this.urls, twilioQueueName: (queue) => twilioQueueName(workspaceId, queue) };
  }

  linesOf(workspaceId: string): Promise<{ number: string; setup: CallSetup }[]> {
    return this.numbers.callLinesOf(workspaceId);
  }

  get voiceUrls(): VoiceUrls {
    return this.urls;
  }
}

/** Twilio queues live per account (friendly name ≤ 64 characters): the workspace's hash keeps workspaces apart. */
export function twilioQueueName(workspaceId: string, queue: string): string {
  return `tl-${deterministicId(workspaceId).slice(0, 12)}-${queue}`;
}
