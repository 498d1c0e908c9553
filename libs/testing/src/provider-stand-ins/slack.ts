import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, StandInServer, type StandInAnswer } from './stand-in-server';

/** One chat.postMessage request as the stand-in saw it. */
export interface PostMessageRequest {
  authorization: string | undefined;
  args: Record<string, string>;
  /** The ts answered, when accepted. */
  ts: string | null;
}

/**
 * A local stand-in for Slack's Web API chat.postMessage: it checks the bot
 * token (Authorization: Bearer) like Slack, records each request and answers
 * like Slack — 200 {ok: true, channel, ts, message}, or what `answerFor` plans
 * for a channel ({ok: false, error: 'channel_not_found'}, a 500…).
 */
export class SlackStandIn extends StandInServer {
  readonly requests: PostMessageRequest[] = [];
  private readonly answers = new Map<string, StandInAnswer[]>();
  private clock = 1_780_000_000;

  constructor(private readonly botTokens: Set<string>) {
    super();
  }

  protected override get basePath(): string {
    return '/api';
  }

  answerFor(channel: string, ...answers: StandInAnswer[]): void {
    this.answers.set(channel, answers);
  }

  in(channel: string): PostMessageRequest[] {
    return this.requests.filter((r) => r.args.channel === channel);
  }

  recorded(): readonly object[] {
    return this.requests.map(({ args: { token: _token, ...args }, ts }) => ({ method: 'chat.postMessage', args, ts }));
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/api/chat.postMessage') return send(404, { ok: false, error: 'unknown_method' });
    const raw = (await readBody(req)).toString('utf8');
    const args = (req.headers['content-type'] ?? '').includes('application/json')
      ? (JSON.parse(raw) as Record<string, string>)
      : Object.fromEntries(new URLSearchParams(raw));
    const record: PostMessageRequest = { authorization: req.headers.authorization, args, ts: null };
    this.requests.push(record);
    const token = record.authorization?.replace(/^Bearer /, '') ?? args.token;
    if (!token || !this.botTokens.has(token)) return send(200, { ok: false, error: 'invalid_auth' });
    const planned = this.answers.get(args.channel)?.shift();
    if (planned) return send(planned.status, planned.body);
    record.ts = `${this.clock++}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    send(200, {
      ok: true,
      channel: args.channel,
      ts: record.ts,
      message: {
        type: 'message',
        subtype: 'bot_message',
        text: args.text,
        ts: record.ts,
        bot_id: 'B0OURBOT',
        ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}),
      },
    });
  }
}

/** Posts an Events API request the way Slack does: JSON, signed v0 over "v0:{timestamp}:{raw body}". */
export async function postSlackEvent(
  serviceUrl: string,
  body: object,
  signingSecret: string,
  { timestamp, retryNum, signature }: { timestamp?: number; retryNum?: number; signature?: string } = {},
): Promise<{ status: number; json: Record<string, unknown> | null; headers: Headers }> {
  const raw = JSON.stringify(body);
  const ts = timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': signature ?? `v0=${createHmac('sha256', signingSecret).update(`v0:${ts}:${raw}`).digest('hex')}`,
  };
  if (retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const response = await fetch(`${serviceUrl}/webhooks/slack/events`, { method: 'POST', headers, body: raw });
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: response.status, json, headers: response.headers };
}

let tsCounter = 0;
/** A message ts as Slack writes it (seconds.microseconds), unique in this run. */
export function newTs(): string {
  const now = Date.now();
  return `${Math.floor(now / 1000)}.${String((now % 1000) * 1000 + (tsCounter++ % 1000)).padStart(6, '0')}`;
}

/** An event_callback wrapping a message event, as Slack documents it. */
export function messageCallback(
  teamId: string,
  event: { channel: string; user?: string; text: string; ts?: string; thread_ts?: string; subtype?: string; bot_id?: string },
  eventId = `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
): object {
  const ts = event.ts ?? newTs();
  return {
    token: 'XXYYZZ',
    team_id: teamId,
    api_app_id: 'A0THREADLN',
    event: {
      type: 'message',
      channel: event.channel,
      user: event.user,
      text: event.text,
      ts,
      event_ts: ts,
      channel_type: 'channel',
      client_msg_id: '5d5e4b1b-1c2a-4b8e-9a1f-0c8f7b1a2e3d',
      team: teamId,
      ...(event.thread_ts ? { thread_ts: event.thread_ts, parent_user_id: 'U0OTHER' } : {}),
      ...(event.subtype ? { subtype: event.subtype } : {}),
      ...(event.bot_id ? { bot_id: event.bot_id } : {}),
    },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Number(ts)),
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: 'U0OURBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: '4-eyJldCI6Im1lc3NhZ2UiLCJ0aWQiOiJUMDEyMyJ9',
  };
}
