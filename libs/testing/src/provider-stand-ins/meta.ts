import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, StandInServer, type StandInAnswer } from './stand-in-server';

/** One Send API request as the stand-in saw it. */
export interface SendApiRequest {
  version: string;
  accessToken: string | null;
  appsecretProof: string | null;
  body: {
    messaging_type?: string;
    tag?: string;
    recipient?: { id?: string };
    message?: { text?: string };
  };
  /** The message_id answered, when accepted. */
  messageId: string | null;
}

/**
 * A local stand-in for the Graph API Send endpoint (POST /{version}/me/messages):
 * it checks the Page access token and appsecret_proof like Meta, records every
 * request and answers like Meta — 200 {recipient_id, message_id}, or what
 * `answerFor` plans for a PSID (a 400 OAuthException, a 500…).
 */
export class MetaStandIn extends StandInServer {
  readonly requests: SendApiRequest[] = [];
  private readonly answers = new Map<string, StandInAnswer[]>();
  /** `pages`: access token → app secret, as Meta knows them. */
  constructor(private readonly pages: Map<string, string>) {
    super();
  }

  answerFor(psid: string, ...answers: StandInAnswer[]): void {
    this.answers.set(psid, answers);
  }

  to(psid: string): SendApiRequest[] {
    return this.requests.filter((r) => r.body.recipient?.id === psid);
  }

  recorded(): readonly object[] {
    return this.requests.map(({ version, body, messageId }) => ({ version, body, messageId }));
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const match = /^\/(v\d+\.\d+)\/me\/messages$/.exec(url.pathname);
    if (req.method !== 'POST' || !match) {
      return send(400, { error: { message: 'Unsupported post request.', type: 'GraphMethodException', code: 100 } });
    }
    const record: SendApiRequest = {
      version: match[1],
      accessToken: url.searchParams.get('access_token'),
      appsecretProof: url.searchParams.get('appsecret_proof'),
      body: JSON.parse(raw.toString('utf8')) as SendApiRequest['body'],
      messageId: null,
    };
    this.requests.push(record);
    const secret = record.accessToken ? this.pages.get(record.accessToken) : undefined;
    if (!secret) {
      return send(400, {
        error: {
          message: 'Invalid OAuth access token - Cannot parse access token',
          type: 'OAuthException',
          code: 190,
          fbtrace_id: 'Ab1',
        },
      });
    }
    const proof = createHmac('sha256', secret).update(record.accessToken!).digest('hex');
    if (record.appsecretProof !== proof) {
      return send(400, {
        error: {
          message: 'Invalid appsecret_proof provided in the API argument',
          type: 'GraphMethodException',
          code: 100,
          fbtrace_id: 'Ab2',
        },
      });
    }
    const psid = record.body.recipient?.id ?? '';
    const planned = this.answers.get(psid)?.shift();
    if (planned) return send(planned.status, planned.body);
    record.messageId = `m_${randomBytes(24).toString('base64url')}`;
    send(200, { recipient_id: psid, message_id: record.messageId });
  }
}

/**
 * The body as Meta sends it: JSON with every non-ASCII character and "/"
 * escaped (\u0142, \/). The signature covers exactly these bytes.
 */
export function metaEscapedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function metaSign(appSecret: string, raw: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw, 'utf8').digest('hex')}`;
}

/** Posts a page webhook the way Meta does; `signature` overrides the header (null: none); `signal` can time it out. */
export async function postMessengerWebhook(
  serviceUrl: string,
  body: object,
  appSecret: string,
  { signature, raw, signal }: { signature?: string | null; raw?: string; signal?: AbortSignal } = {},
): Promise<{ status: number; text: string }> {
  const payload = raw ?? metaEscapedJson(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const header = signature === undefined ? metaSign(appSecret, payload) : signature;
  if (header !== null) headers['x-hub-signature-256'] = header;
  const response = await fetch(`${serviceUrl}/webhooks/messenger`, { method: 'POST', headers, body: payload, signal });
  return { status: response.status, text: await response.text() };
}

let midCounter = 0;
/** A mid in Meta's current shape. */
export function newMid(): string {
  return `m_${randomBytes(30).toString('base64url')}${midCounter++}`;
}

export type MessagingEvent = Record<string, unknown>;

/** A customer's text message event (messages field), as documented. */
export function textEvent(pageId: string, psid: string, text: string, timestamp = Date.now(), mid = newMid()): MessagingEvent {
  return { sender: { id: psid }, recipient: { id: pageId }, timestamp, message: { mid, text } };
}

/** `object: page` with one entry per Page, each with its messaging events. */
export function pageWebhook(...entries: { pageId: string; messaging: MessagingEvent[] }[]): object {
  return { object: 'page', entry: entries.map((e) => ({ id: e.pageId, time: Date.now(), messaging: e.messaging })) };
}
