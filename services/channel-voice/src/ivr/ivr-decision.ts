import type { OpenState } from '@threadline/business-calendar';
import type { CallSetup, MenuAction } from './call-setup';

/** What the caller hears next: the IVR's decisions, free of I/O and TwiML. */
export type CallStep =
  | { kind: 'menu'; menu: string; attempt: number; retry: boolean }
  | { kind: 'queue'; queue: string }
  | { kind: 'message'; text: string }
  | { kind: 'voicemail'; prompt: string; reason: VoicemailReason };

export type VoicemailReason = 'chosen' | 'closed' | 'holiday' | 'max-wait';

function stepOf(setup: CallSetup, action: MenuAction): CallStep {
  switch (action.type) {
    case 'queue':
      return { kind: 'queue', queue: action.queue };
    case 'message':
      return { kind: 'message', text: action.text };
    case 'voicemail':
      return { kind: 'voicemail', prompt: action.prompt ?? setup.voicemailPrompt, reason: 'chosen' };
    case 'menu':
      return enterMenu(setup, action.menu);
  }
}

/** A menu without options needs no answer: its fallback runs straight away. */
function enterMenu(setup: CallSetup, menu: string): CallStep {
  const found = setup.menus[menu];
  if (found && found.options.length === 0) return stepOf(setup, found.fallback);
  return { kind: 'menu', menu, attempt: 1, retry: false };
}

/** A new call: outside hours (or on a holiday) the closed message and voicemail, else the main menu. */
export function answerIncoming(setup: CallSetup, open: OpenState): CallStep {
  if (!open.open) {
    return open.reason === 'holiday'
      ? { kind: 'voicemail', prompt: setup.holidayMessage, reason: 'holiday' }
      : { kind: 'voicemail', prompt: setup.closedMessage, reason: 'closed' };
  }
  return enterMenu(setup, 'main');
}

const folded = (text: string) => text.toLocaleLowerCase('pl-PL').normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l');

/**
 * The caller's answer to a menu: a key, or words (speech) matched against each
 * option's words without case or Polish diacritics. Nothing or no match asks
 * again until the menu's attempts are used up, then the fallback runs.
 */
export function chooseOption(
  setup: CallSetup,
  menuId: string,
  attempt: number,
  input: { digits?: string; speech?: string },
): CallStep {
  const menu = setup.menus[menuId];
  if (!menu) return enterMenu(setup, 'main');
  const digit = input.digits?.trim().charAt(0);
  const said = input.speech ? folded(input.speech) : '';
  const option = menu.options.find(
    (o) => (digit && o.digit === digit) || (said !== '' && o.speech.some((word) => said.includes(folded(word)))),
  );
  if (option) return stepOf(setup, option.action);
  if (attempt >= menu.attempts) return stepOf(setup, menu.fallback);
  return { kind: 'menu', menu: menuId, attempt: attempt + 1, retry: true };
}

/** What the wait URL says to a caller in a queue (Twilio's QueuePosition, QueueTime, AvgQueueTime). */
export type HoldStep = { kind: 'hold'; position: number; expectedSeconds: number | null } | { kind: 'offer-voicemail' };

export function holdStep(maxWaitSeconds: number, wait: { position: number; queueTime: number; avgQueueTime: number }): HoldStep {
  if (wait.queueTime >= maxWaitSeconds) return { kind: 'offer-voicemail' };
  // Twilio's average wait of this queue, less what the caller already waited; unknown before anyone was answered.
  const expected = wait.avgQueueTime > 0 ? Math.max(wait.avgQueueTime - wait.queueTime, 30) : null;
  return { kind: 'hold', position: wait.position, expectedSeconds: expected };
}
