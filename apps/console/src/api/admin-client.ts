// The admin API of the channels and the business calendar, over `api` (client.ts): one function a call.
// Secrets (passwords, tokens) are only ever sent; answers say `…Set: true` instead.
import { api } from './client';

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

export const listMailboxes = async (): Promise<Mailbox[]> => (await api<{ items: Mailbox[] }>('/mailboxes')).data.items;
export const createMailbox = (body: MailboxInput) => api<Mailbox>('/mailboxes', { method: 'POST', body });
export const changeMailbox = (id: string, body: Partial<MailboxInput>) =>
  api<Mailbox>(`/mailboxes/${encodeURIComponent(id)}`, { method: 'PATCH', body });
export const removeMailbox = (id: string) => api(`/mailboxes/${encodeURIComponent(id)}`, { method: 'DELETE' });

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

export interface VoiceNumber {
  number: string;
  /** `config`: from VOICE_NUMBERS (saved here, the stored setup wins); `api`: added by an admin. */
  source: 'config' | 'api';
  calls: CallSetup | null;
}

export const listVoiceNumbers = async (): Promise<VoiceNumber[]> =>
  (await api<{ items: VoiceNumber[] }>('/voice/numbers')).data.items;
export const addVoiceNumber = (body: { number: string; calls: CallSetup | null }) =>
  api<VoiceNumber>('/voice/numbers', { method: 'POST', body });
export const changeVoiceNumber = (number: string, calls: CallSetup | null) =>
  api<VoiceNumber>(`/voice/numbers/${encodeURIComponent(number)}`, { method: 'PATCH', body: { calls } });
export const removeVoiceNumber = (number: string) => api(`/voice/numbers/${encodeURIComponent(number)}`, { method: 'DELETE' });

export interface MessengerPage {
  pageId: string;
  source: 'config' | 'api';
  pageAccessTokenSet: boolean;
  appSecretSet: boolean;
}

export const listMessengerPages = async (): Promise<MessengerPage[]> =>
  (await api<{ items: MessengerPage[] }>('/messenger/pages')).data.items;
export const addMessengerPage = (body: { pageId: string; pageAccessToken: string; appSecret: string }) =>
  api<MessengerPage>('/messenger/pages', { method: 'POST', body });
export const changeMessengerPage = (pageId: string, body: { pageAccessToken?: string; appSecret?: string }) =>
  api<MessengerPage>(`/messenger/pages/${encodeURIComponent(pageId)}`, { method: 'PATCH', body });
export const removeMessengerPage = (pageId: string) =>
  api(`/messenger/pages/${encodeURIComponent(pageId)}`, { method: 'DELETE' });

export interface SlackTeam {
  teamId: string;
  source: 'config' | 'api';
  supportChannels: string[];
  botTokenSet: boolean;
  signingSecretSet: boolean;
}

export interface SlackTeamInput {
  teamId: string;
  botToken: string;
  signingSecret: string;
  supportChannels: string[];
}

export const listSlackTeams = async (): Promise<SlackTeam[]> => (await api<{ items: SlackTeam[] }>('/slack/teams')).data.items;
export const addSlackTeam = (body: SlackTeamInput) => api<SlackTeam>('/slack/teams', { method: 'POST', body });
export const changeSlackTeam = (teamId: string, body: Partial<Omit<SlackTeamInput, 'teamId'>>) =>
  api<SlackTeam>(`/slack/teams/${encodeURIComponent(teamId)}`, { method: 'PATCH', body });
export const removeSlackTeam = (teamId: string) => api(`/slack/teams/${encodeURIComponent(teamId)}`, { method: 'DELETE' });

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

export const getBusinessCalendar = async (): Promise<BusinessCalendar> => (await api<BusinessCalendar>('/sla/calendar')).data;
export const setBusinessCalendar = (body: BusinessCalendar) => api<BusinessCalendar>('/sla/calendar', { method: 'PUT', body });
