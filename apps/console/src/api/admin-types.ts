// The shapes of the channels' admin API and the business calendar as the console reads and sends them.
// Secrets (passwords, tokens) are only ever sent; answers say `…Set: true` instead.

export interface MailboxSmtp {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  passwordSet?: boolean;
}

export interface Mailbox {
  id: string;
  name: string;
  host: string;
  port: number;
  secure: boolean;
  user: string;
  passwordSet: boolean;
  folder: string;
  addresses: string[];
  routes: { address: string; queue: string }[];
  smtp: MailboxSmtp | null;
  /** How its sync stands (null until an instance tried it). */
  sync: { state: 'syncing' | 'failing'; problem: string | null; since: string } | null;
}

/** What an admin sends for a mailbox: passwords only when given (a change without one keeps the stored one). */
export type MailboxInput = Omit<Mailbox, 'id' | 'passwordSet' | 'sync' | 'smtp' | 'port'> & {
  /** A number, or the admin's text when it is none (the API says why beside the field). */
  port: number | string;
  password?: string;
  smtp: (Omit<MailboxSmtp, 'passwordSet' | 'port'> & { port: number | string; password?: string }) | null;
};

/** What a caller's key (or an unanswered menu) leads to. */
export type MenuAction =
  | { type: 'queue'; queue: string }
  | { type: 'message'; text: string }
  | { type: 'voicemail'; prompt?: string }
  | { type: 'menu'; menu: string };

export interface MenuOption {
  digit: string;
  speech?: string[];
  action: MenuAction;
}

/** How a number answers calls (libs/contracts callSetupSchema); the console edits the greeting and the main menu. */
export interface CallSetup {
  greeting?: string;
  menus?: Record<string, { prompt: string; options?: MenuOption[]; attempts?: number; fallback?: MenuAction }>;
  queues?: Record<string, Record<string, unknown>>;
  [other: string]: unknown;
}

export interface SlackTeamInput {
  teamId: string;
  botToken: string;
  signingSecret: string;
  supportChannels: string[];
}

export interface HoursRange {
  from: string;
  to: string;
}

/** The workspace's business calendar (SLA business time): weekly hours, Polish holidays, the office's own days. */
export interface BusinessCalendar {
  timezone: string;
  /** Days 1 (Monday) … 7 (Sunday). */
  open: (HoursRange & { days: number[] })[];
  closedOnPolishHolidays: boolean;
  exceptions: { date: string; open: HoursRange[]; name: string | null }[];
}

export interface VoiceNumber {
  number: string;
  /** `config`: from VOICE_NUMBERS (saved here, the stored setup wins); `api`: added by an admin. */
  source: 'config' | 'api';
  calls: CallSetup | null;
}

export interface MessengerPage {
  pageId: string;
  source: 'config' | 'api';
  pageAccessTokenSet: boolean;
  appSecretSet: boolean;
}

export interface SlackTeam {
  teamId: string;
  source: 'config' | 'api';
  supportChannels: string[];
  botTokenSet: boolean;
  signingSecretSet: boolean;
}
