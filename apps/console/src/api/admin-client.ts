// The admin API of the channels and the business calendar, over `api` (client.ts): one function a call.
import type {
  Mailbox,
  MailboxInput,
  CallSetup,
  SlackTeamInput,
  BusinessCalendar,
  VoiceNumber,
  MessengerPage,
  SlackTeam,
} from './admin-types';
import { api } from './client';

export type * from './admin-types';

export const listMailboxes = async (): Promise<Mailbox[]> => (await api<{ items: Mailbox[] }>('/mailboxes')).data.items;
export const createMailbox = (body: MailboxInput) => api<Mailbox>('/mailboxes', { method: 'POST', body });
export const changeMailbox = (id: string, body: Partial<MailboxInput>) =>
  api<Mailbox>(`/mailboxes/${encodeURIComponent(id)}`, { method: 'PATCH', body });
export const removeMailbox = (id: string) => api(`/mailboxes/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const listVoiceNumbers = async (): Promise<VoiceNumber[]> =>
  (await api<{ items: VoiceNumber[] }>('/voice/numbers')).data.items;
export const addVoiceNumber = (body: { number: string; calls: CallSetup | null }) =>
  api<VoiceNumber>('/voice/numbers', { method: 'POST', body });
export const changeVoiceNumber = (number: string, calls: CallSetup | null) =>
  api<VoiceNumber>(`/voice/numbers/${encodeURIComponent(number)}`, { method: 'PATCH', body: { calls } });
export const removeVoiceNumber = (number: string) => api(`/voice/numbers/${encodeURIComponent(number)}`, { method: 'DELETE' });

export const listMessengerPages = async (): Promise<MessengerPage[]> =>
  (await api<{ items: MessengerPage[] }>('/messenger/pages')).data.items;
export const addMessengerPage = (body: { pageId: string; pageAccessToken: string; appSecret: string }) =>
  api<MessengerPage>('/messenger/pages', { method: 'POST', body });
export const changeMessengerPage = (pageId: string, body: { pageAccessToken?: string; appSecret?: string }) =>
  api<MessengerPage>(`/messenger/pages/${encodeURIComponent(pageId)}`, { method: 'PATCH', body });
export const removeMessengerPage = (pageId: string) =>
  api(`/messenger/pages/${encodeURIComponent(pageId)}`, { method: 'DELETE' });

export const listSlackTeams = async (): Promise<SlackTeam[]> => (await api<{ items: SlackTeam[] }>('/slack/teams')).data.items;
export const addSlackTeam = (body: SlackTeamInput) => api<SlackTeam>('/slack/teams', { method: 'POST', body });
export const changeSlackTeam = (teamId: string, body: Partial<Omit<SlackTeamInput, 'teamId'>>) =>
  api<SlackTeam>(`/slack/teams/${encodeURIComponent(teamId)}`, { method: 'PATCH', body });
export const removeSlackTeam = (teamId: string) => api(`/slack/teams/${encodeURIComponent(teamId)}`, { method: 'DELETE' });

export const getBusinessCalendar = async (): Promise<BusinessCalendar> => (await api<BusinessCalendar>('/sla/calendar')).data;
export const setBusinessCalendar = (body: BusinessCalendar) => api<BusinessCalendar>('/sla/calendar', { method: 'PUT', body });
