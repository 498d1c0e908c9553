import type { CallSetup, MenuAction, MenuOption } from '../api/admin-types';

/** One key of the main menu and the queue it puts the caller in. */
export type KeyRow = {
  digit: string;
  queue: string;
};

/** What the console edits of a number's call setup: the greeting, the main menu's prompt and its keys. */
export interface IvrForm {
  greeting: string;
  prompt: string;
  keys: KeyRow[];
}

/** The platform's own defaults (libs/contracts callSetupSchema), shown on a number without a setup. */
export const DEFAULT_GREETING = 'Dzień dobry, dziękujemy za telefon.';
const DEFAULT_PROMPT = 'Wybierz numer działu na klawiaturze telefonu.';
const QUEUE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export function ivrFormOf(calls: CallSetup | null): IvrForm {
  const main = calls?.menus?.main;
  return {
    greeting: calls?.greeting ?? DEFAULT_GREETING,
    prompt: main?.prompt ?? DEFAULT_PROMPT,
    keys: (main?.options ?? [])
      .filter((o): o is MenuOption & { action: { type: 'queue'; queue: string } } => o.action.type === 'queue')
      .map((o) => ({ digit: o.digit, queue: o.action.queue })),
  };
}

/**
 * The setup to save: the number's setup as it was, with the greeting, the main
 * menu's prompt and keys from the form. Everything the form does not show (hours,
 * other menus, keys leading elsewhere, queue settings) is kept. The keys come
 * first among the options, so the API's reason for option N is the form's row N.
 * A queue named for the first time is created with the platform's defaults; a
 * menu without an answer goes to its old fallback, else the first key's queue.
 */
export function callSetupOf(form: IvrForm, before: CallSetup | null): CallSetup {
  const mainBefore = before?.menus?.main;
  const otherOptions = (mainBefore?.options ?? []).filter((o) => o.action.type !== 'queue');
  // A key that was there keeps what the form does not show (its spoken words).
  const keyOptions: MenuOption[] = form.keys.map((k) => ({
    ...mainBefore?.options?.find((o) => o.digit === k.digit.trim() && o.action.type === 'queue'),
    digit: k.digit.trim(),
    action: { type: 'queue', queue: k.queue.trim() },
  }));
  // A name the API refuses is left out of `queues`: its reason then stands once, under the key's queue.
  const newQueues = form.keys.map((k) => k.queue.trim()).filter((q) => QUEUE_NAME.test(q));
  const fallback: MenuAction | undefined =
    mainBefore?.fallback ?? (newQueues[0] ? { type: 'queue', queue: newQueues[0] } : undefined);
  return {
    ...before,
    greeting: form.greeting,
    menus: {
      ...before?.menus,
      main: {
        ...mainBefore,
        prompt: form.prompt,
        options: [...keyOptions, ...otherOptions],
        ...(fallback ? { fallback } : {}),
      },
    },
    queues: { ...Object.fromEntries(newQueues.map((q) => [q, {}])), ...before?.queues },
  };
}

/** The main menu in one line for the table: "1 → reklamacje, 2 → faktury". */
export function keysSummary(calls: CallSetup | null): string {
  return ivrFormOf(calls)
    .keys.map((k) => `${k.digit} → ${k.queue}`)
    .join(', ');
}
