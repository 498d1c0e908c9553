// Keyboard shortcuts for the common moves. One table drives both the handling and the help screen.

export type ShortcutAction = 'help' | 'goToday' | 'goTickets' | 'search' | 'reply' | 'note';

export const SHORTCUTS: { keys: string; action: ShortcutAction | 'send' | 'leaveField' }[] = [
  { keys: '?', action: 'help' },
  { keys: 'g t', action: 'goToday' },
  { keys: 'g l', action: 'goTickets' },
  { keys: '/', action: 'search' },
  { keys: 'r', action: 'reply' },
  { keys: 'n', action: 'note' },
  { keys: 'Ctrl+Enter', action: 'send' },
  { keys: 'Esc', action: 'leaveField' },
];

const SINGLE: Record<string, ShortcutAction> = { '?': 'help', '/': 'search', r: 'reply', n: 'note' };
const AFTER_G: Record<string, ShortcutAction> = { t: 'goToday', l: 'goTickets' };

export interface KeyPress {
  key: string;
  /** Ctrl, Alt or Meta held: the browser's or the system's shortcut, not ours. */
  modified: boolean;
  /** Typing in a field: letters are text, not commands. */
  inField: boolean;
}

/**
 * What a key press does, given whether `g` was pressed just before:
 * an action, 'prefix' (a `g` that waits for its second key), or null.
 */
export function shortcutFor(press: KeyPress, afterG: boolean): ShortcutAction | 'prefix' | null {
  if (press.modified || press.inField) return null;
  if (afterG) return AFTER_G[press.key] ?? null;
  if (press.key === 'g') return 'prefix';
  return SINGLE[press.key] ?? null;
}
