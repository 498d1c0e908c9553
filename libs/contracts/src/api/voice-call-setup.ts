import { z } from 'zod';

/** A name used in URLs and as the Twilio queue's friendly name: short, no spaces. */
const slug = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - and _ only');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM');

/** What choosing a menu option (or an empty answer) leads to. */
export const menuActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('queue'), queue: slug }),
  z.strictObject({ type: z.literal('message'), text: z.string().min(1) }),
  z.strictObject({ type: z.literal('voicemail'), prompt: z.string().min(1).optional() }),
  z.strictObject({ type: z.literal('menu'), menu: slug }),
]);
export type MenuAction = z.infer<typeof menuActionSchema>;

export const menuSchema = z.strictObject({
  /** Read out in full before the caller chooses (lists the options). */
  prompt: z.string().min(1),
  options: z
    .array(
      z.strictObject({
        digit: z.string().regex(/^[0-9*#]$/, 'one key: 0–9, * or #'),
        /** Words that choose this option when the caller says them (Twilio speech recognition). */
        speech: z.array(z.string().min(1)).default([]),
        action: menuActionSchema,
      }),
    )
    .default([]),
  /** After this many unanswered or wrong tries the fallback runs. */
  attempts: z.coerce.number().int().min(1).max(5).default(2),
  fallback: menuActionSchema.default({ type: 'voicemail' }),
});
export type Menu = z.infer<typeof menuSchema>;

export const callQueueSchema = z.strictObject({
  /** Said between position announcements. */
  holdMessage: z.string().min(1).default('Prosimy o cierpliwość, konsultant wkrótce odbierze.'),
  /** After this long in the queue the caller is offered voicemail (and a callback, see below). */
  maxWaitSeconds: z.coerce.number().int().min(10).max(3600).default(300),
  /** After the maximum wait: "1 — a message, 2 — we call you back" (a caller with a withheld number gets voicemail only). */
  offerCallback: z.boolean().default(true),
  /** The ticket queue a call from here opens its ticket in (contact.queue). */
  ticketQueue: z.string().min(1).nullable().default(null),
});
export type CallQueue = z.infer<typeof callQueueSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const hoursRangeSchema = z.strictObject({ from: hhmm, to: hhmm }).refine((r) => r.from < r.to, 'from must be before to');

/** Days an office keeps other hours than its week (shared by the IVR, SLA and routing rules' business hours). */
export const officeExceptionsSchema = z
  .array(
    z.strictObject({
      date: z.iso.date(),
      open: z.array(hoursRangeSchema).default([]),
      name: z.string().min(1).max(100).nullable().default(null),
    }),
  )
  .max(366)
  .default([]);

/** An office's business calendar (the IVR's hours, SLA business time): see `@threadline/business-calendar`. */
export const businessHoursSchema = z.strictObject({
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Warsaw').default('Europe/Warsaw'),
  open: z
    .array(
      z
        .strictObject({ days: z.array(z.number().int().min(1).max(7)).min(1), from: hhmm, to: hhmm })
        .refine((r) => r.from < r.to, 'from must be before to'),
    )
    .default([{ days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' }]),
  closedOnPolishHolidays: z.boolean().default(true),
  /** Days with other hours than the week's: `open: []` closes the day (a closed Friday), or shorter hours (Wigilia). */
  exceptions: officeExceptionsSchema,
});

/** How a number answers calls: greeting, menus (`main` first), queues, hours. */
export const callSetupSchema = z
  .strictObject({
    /** The <Say> language and voice (Polish by default). */
    language: z.string().default('pl-PL'),
    voice: z.string().min(1).optional(),
    greeting: z.string().min(1).default('Dzień dobry, dziękujemy za telefon.'),
    menus: z.record(slug, menuSchema).default({
      main: {
        prompt: 'Prosimy poczekać na połączenie z konsultantem.',
        options: [],
        attempts: 1,
        fallback: { type: 'queue', queue: 'ogolna' },
      },
    }),
    queues: z.record(slug, callQueueSchema).default({ ogolna: callQueueSchema.parse({}) }),
    /** Absent: always open. */
    hours: businessHoursSchema.nullable().default(null),
    closedMessage: z
      .string()
      .min(1)
      .default('Dzwonisz poza godzinami pracy biura obsługi klienta. Po sygnale możesz zostawić wiadomość.'),
    holidayMessage: z.string().min(1).default('Dziś jest dzień wolny od pracy. Po sygnale możesz zostawić wiadomość.'),
    voicemailPrompt: z.string().min(1).default('Prosimy zostawić wiadomość po sygnale. Zakończ, odkładając słuchawkę.'),
    /** Longest voicemail recording. */
    voicemailMaxSeconds: z.coerce.number().int().min(5).max(600).default(120),
  })
  .superRefine((setup, ctx) => {
    if (!setup.menus.main) ctx.addIssue({ code: 'custom', path: ['menus'], message: 'needs a "main" menu' });
    const check = (action: MenuAction, path: (string | number)[]) => {
      if (action.type === 'queue' && !setup.queues[action.queue]) {
        ctx.addIssue({ code: 'custom', path, message: `no queue "${action.queue}"` });
      }
      if (action.type === 'menu' && !setup.menus[action.menu]) {
        ctx.addIssue({ code: 'custom', path, message: `no menu "${action.menu}"` });
      }
    };
    for (const [id, menu] of Object.entries(setup.menus)) {
      menu.options.forEach((option, i) => check(option.action, ['menus', id, 'options', i, 'action']));
      check(menu.fallback, ['menus', id, 'fallback']);
      if (new Set(menu.options.map((o) => o.digit)).size !== menu.options.length) {
        ctx.addIssue({ code: 'custom', path: ['menus', id, 'options'], message: 'a digit may choose one option only' });
      }
    }
  });
export type CallSetup = z.infer<typeof callSetupSchema>;
