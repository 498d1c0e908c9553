import { createLogger } from '@threadline/observability';
import type { InternalApiClient } from '@threadline/service-runtime';
import type { ChatVisit } from './chat-conversations';
import { parseClientFrame } from './chat-protocol';
import type { ChatSessionDoc, ChatStoreRepository } from './chat-store.repository';
import { VisitorSurveys } from './visitor-surveys';

const visit: ChatVisit = {
  workspaceId: 'ws-1',
  visitorKey: 'v_anna',
  generation: 2,
  sessionId: 'cs_now_aaaaaaaaaaaaaaaa',
  name: null,
  email: null,
};
const ended = 'cs_ended_aaaaaaaaaaaaaa';
const sessions: Record<string, Partial<ChatSessionDoc>> = {
  [ended]: { workspaceId: 'ws-1', visitorKey: 'v_anna' },
  cs_someone_elses_aaaaaaa: { workspaceId: 'ws-1', visitorKey: 'v_piotr' },
};
const store = { findSession: (id: string) => Promise.resolve(sessions[id] ?? null) } as unknown as ChatStoreRepository;

/** Tickets answering each call with the next of `answers`; what it was asked. */
function tickets(answers: Array<Response | Error>) {
  const asked: string[] = [];
  const client = {
    asItself: (workspaceId: string, path: string, call: { method?: string; body?: unknown } = {}) => {
      asked.push(`${call.method ?? 'GET'} ${workspaceId}/${path}${call.body ? ` ${JSON.stringify(call.body)}` : ''}`);
      const next = answers.shift() ?? new Error('no more answers');
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  } as unknown as InternalApiClient;
  return { client, asked };
}
const surveys = (client: InternalApiClient | null) => new VisitorSurveys(client, store, createLogger('surveys-spec', 'silent'));
const offer = {
  sessionId: ended,
  number: 7,
  scale: 'nps',
  question: { pl: 'Polecisz nas?', en: 'Recommend us?' },
  notice: { pl: 'Dobrowolne.', en: 'Voluntary.' },
};

describe("the chat's survey, as channel-social asks tickets for it", () => {
  it('gives the end screen the question with the scores of its scale', async () => {
    const { client, asked } = tickets([Response.json({ survey: offer })]);
    expect(await surveys(client).atChatEnd(visit)).toEqual({ ...offer, min: 0, max: 10 });
    expect(asked).toEqual([`POST ws-1/surveys/chat/${visit.sessionId}/end`]);
  });

  it('shows no question, rather than failing the chat, when tickets does not answer or is not configured', async () => {
    expect(await surveys(tickets([new Error('ECONNREFUSED')]).client).atChatEnd(visit)).toBeNull();
    expect(await surveys(tickets([new Response(null, { status: 503 })]).client).pending('ws-1', visit.sessionId)).toBeNull();
    expect(await surveys(null).pending('ws-1', visit.sessionId)).toBeNull();
  });

  it("sends the visitor's answer for their own chats only, and names each refusal", async () => {
    const { client, asked } = tickets([
      Response.json({ outcome: 'answered' }),
      Response.json({ code: 'SURVEY_ALREADY_ANSWERED' }, { status: 409 }),
      Response.json({ errors: [{ field: 'score', reason: 'must be 0–10' }] }, { status: 400 }),
      Response.json({ code: 'SURVEY_NOT_FOUND' }, { status: 404 }),
      new Error('timeout'),
    ]);
    const chat = surveys(client);
    expect(await chat.answer(visit, ended, { score: 9 })).toBe('answered');
    expect(asked).toEqual([`POST ws-1/surveys/chat/${ended}/answer {"score":9}`]);
    await expect(chat.answer(visit, ended, { score: 1 })).rejects.toMatchObject({ code: 'SURVEY_ALREADY_ANSWERED' });
    await expect(chat.answer(visit, ended, { score: 11 })).rejects.toMatchObject({
      code: 'SURVEY_SCORE_OUT_OF_RANGE',
      message: 'score must be 0–10',
    });
    await expect(chat.answer(visit, ended, { optOut: true })).rejects.toMatchObject({ code: 'SURVEY_NOT_FOUND' });
    // Not saved: the widget keeps its buttons to try again.
    await expect(chat.answer(visit, ended, { score: 3 })).rejects.toMatchObject({ code: 'SURVEY_NOT_SAVED' });
    // Another visitor's chat, or one that never was: refused here, tickets not asked.
    await expect(chat.answer(visit, 'cs_someone_elses_aaaaaaa', { score: 3 })).rejects.toMatchObject({
      code: 'SURVEY_NOT_FOUND',
    });
    await expect(chat.answer(visit, 'cs_unknown_aaaaaaaaaaaa', { score: 3 })).rejects.toMatchObject({ code: 'SURVEY_NOT_FOUND' });
    expect(asked).toHaveLength(5);
  });
});

describe("the widget's survey frame", () => {
  it('carries a score or an opt-out for a chat session, never both or neither', () => {
    expect(parseClientFrame(JSON.stringify({ type: 'survey', sessionId: ended, score: 5 })).ok).toBe(true);
    expect(parseClientFrame(JSON.stringify({ type: 'survey', sessionId: ended, optOut: true })).ok).toBe(true);
    expect(parseClientFrame(JSON.stringify({ type: 'survey', sessionId: ended }))).toEqual({
      ok: false,
      message: 'score: give either a score or optOut',
    });
    expect(parseClientFrame(JSON.stringify({ type: 'survey', sessionId: ended, score: 5, optOut: true })).ok).toBe(false);
    expect(parseClientFrame(JSON.stringify({ type: 'survey', sessionId: ended, score: 4.5 })).ok).toBe(false);
    expect(parseClientFrame(JSON.stringify({ type: 'survey', sessionId: '../tickets', score: 5 })).ok).toBe(false);
  });
});
