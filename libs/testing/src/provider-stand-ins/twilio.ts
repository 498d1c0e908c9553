import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import twilio from 'twilio';
import { readBody, StandInServer, type StandInAnswer } from './stand-in-server';

/** One request Twilio's Messages resource received, as the stand-in saw it. */
export interface ReceivedMessageRequest {
  accountSid: string;
  authorization: string | undefined;
  form: Record<string, string>;
  sid: string | null;
}

/** One update of a live call (POST /Calls/{CallSid}.json), as the stand-in saw it. */
export interface ReceivedCallUpdate {
  accountSid: string;
  callSid: string;
  authorization: string | undefined;
  form: Record<string, string>;
}

/**
 * A local stand-in for Twilio's REST API (POST /2010-04-01/Accounts/{sid}/Messages.json):
 * it checks HTTP Basic auth like Twilio (AccountSid:AuthToken), records every
 * request and answers like Twilio does — 201 with the message resource, or
 * what `answerFor` says for a given To number (a 400 21211, a 500…).
 */
export class TwilioStandIn extends StandInServer {
  readonly requests: ReceivedMessageRequest[] = [];
  readonly callUpdates: ReceivedCallUpdate[] = [];
  private readonly callAnswers = new Map<string, StandInAnswer[]>();
  /** What fetching a call answers, by CallSid (absent: in progress); null = Twilio has no such call. */
  private readonly callStates = new Map<string, { status: string; duration: number } | null>();
  /** A call's recordings as Twilio lists them (GET /Calls/{CallSid}/Recordings.json); absent: none. */
  private readonly callRecordings = new Map<string, { sid: string; duration: number }[]>();
  /** CallSids whose state was fetched (GET /Calls/{CallSid}.json), in order. */
  readonly callFetches: string[] = [];
  private readonly answers = new Map<string, StandInAnswer[]>();
  /** Runs once a message is accepted, before the 201 goes out (Twilio may call back before it answers). */
  onAccepted: ((request: ReceivedMessageRequest) => Promise<void>) | null = null;
  constructor(
    private readonly accountSid: string,
    private readonly authToken: string,
  ) {
    super();
  }

  /** The next answers for messages to `to`, in order; after them, a normal 201. */
  answerFor(to: string, ...answers: StandInAnswer[]): void {
    this.answers.set(to, answers);
  }

  /** How Twilio reports call `callSid` when asked from now on (status and duration), or null: no such call (404). */
  callStateFor(callSid: string, state: { status: string; duration: number } | null): void {
    this.callStates.set(callSid, state);
  }

  /** The finished recordings Twilio lists for call `callSid` from now on. */
  recordingsFor(callSid: string, recordings: { sid: string; duration: number }[]): void {
    this.callRecordings.set(callSid, recordings);
  }

  /** The next answers for updates of call `callSid`, in order; after them, a normal 200. */
  answerForCall(callSid: string, ...answers: StandInAnswer[]): void {
    this.callAnswers.set(callSid, answers);
  }

  to(number: string): ReceivedMessageRequest[] {
    return this.requests.filter((r) => r.form.To === number);
  }

  recorded(): readonly object[] {
    return [
      // Without the credentials each request carried: this view is for people.
      ...this.requests.map(({ form, sid }) => ({ resource: 'Messages', sid, form })),
      ...this.callUpdates.map(({ callSid, form }) => ({ resource: 'Calls', callSid, form })),
    ];
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const call = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\/(CA[0-9a-f]{32})\.json$/.exec(req.url ?? '');
    if (req.method === 'POST' && call) return this.updateCall(call[1], call[2], req, raw, send);
    if (req.method === 'GET' && call) return this.fetchCall(call[1], call[2], req, send);
    const recordings = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\/(CA[0-9a-f]{32})\/Recordings\.json(\?.*)?$/.exec(req.url ?? '');
    if (req.method === 'GET' && recordings) return this.listRecordings(recordings[1], recordings[2], req, send);
    if (req.method !== 'POST' || !match)
      return send(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    const form = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    const record: ReceivedMessageRequest = { accountSid: match[1], authorization: req.headers.authorization, form, sid: null };
    this.requests.push(record);
    if (!this.authorized(record.authorization, match[1])) {
      return send(401, { code: 20003, message: 'Authenticate', status: 401 });
    }
    const planned = this.answers.get(form.To)?.shift();
    if (planned) return send(planned.status, planned.body);
    record.sid = `SM${randomBytes(16).toString('hex')}`;
    await this.onAccepted?.(record);
    const now = new Date().toUTCString();
    send(201, {
      sid: record.sid,
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      body: form.Body,
      to: form.To,
      from: form.From,
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      num_media: '0',
      date_created: now,
      date_updated: now,
      date_sent: null,
      error_code: null,
      error_message: null,
      price: null,
      price_unit: 'USD',
      messaging_service_sid: null,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${record.sid}.json`,
      subresource_uris: { media: `/2010-04-01/Accounts/${this.accountSid}/Messages/${record.sid}/Media.json` },
    });
  }

  /** HTTP Basic with AccountSid:AuthToken, for the account in the path, as Twilio checks it. */
  private authorized(authorization: string | undefined, accountSid: string): boolean {
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    return authorization === expected && accountSid === this.accountSid;
  }

  /** Twilio's "fetch a call": 200 with the call resource as `callStateFor` says, or 404 20404. */
  private fetchCall(
    accountSid: string,
    callSid: string,
    req: IncomingMessage,
    send: (status: number, body: object) => void,
  ): void {
    if (!this.authorized(req.headers.authorization, accountSid)) {
      return send(401, { code: 20003, message: 'Authenticate', status: 401 });
    }
    this.callFetches.push(callSid);
    const state = this.callStates.has(callSid) ? this.callStates.get(callSid) : { status: 'in-progress', duration: 0 };
    if (!state)
      return send(404, { code: 20404, message: `The requested resource /Calls/${callSid}.json was not found`, status: 404 });
    const now = new Date().toUTCString();
    send(200, {
      sid: callSid,
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      status: state.status,
      duration: state.status === 'in-progress' ? null : String(state.duration),
      direction: 'inbound',
      date_created: now,
      date_updated: now,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Calls/${callSid}.json`,
    });
  }

  /** Twilio's "list a call's recordings", one page, in the documented shape. */
  private listRecordings(
    accountSid: string,
    callSid: string,
    req: IncomingMessage,
    send: (status: number, body: object) => void,
  ): void {
    if (!this.authorized(req.headers.authorization, accountSid)) {
      return send(401, { code: 20003, message: 'Authenticate', status: 401 });
    }
    const base = `/2010-04-01/Accounts/${this.accountSid}`;
    const listUri = `${base}/Calls/${callSid}/Recordings.json?PageSize=20&Page=0`;
    send(200, {
      first_page_uri: listUri,
      next_page_uri: null,
      previous_page_uri: null,
      page: 0,
      page_size: 20,
      start: 0,
      end: 0,
      uri: listUri,
      recordings: (this.callRecordings.get(callSid) ?? []).map(({ sid, duration }) => ({
        account_sid: this.accountSid,
        api_version: '2010-04-01',
        call_sid: callSid,
        conference_sid: null,
        date_created: new Date().toUTCString(),
        date_updated: new Date().toUTCString(),
        start_time: new Date().toUTCString(),
        duration: String(duration),
        sid,
        price: null,
        price_unit: 'USD',
        status: 'completed',
        channels: 1,
        source: 'RecordVerb',
        error_code: null,
        uri: `${base}/Recordings/${sid}.json`,
        encryption_details: null,
        subresource_uris: { transcriptions: `${base}/Recordings/${sid}/Transcriptions.json` },
        media_url: `https://api.twilio.com${base}/Recordings/${sid}`,
      })),
    });
  }

  /** Twilio's "update a call" (Twiml or Url): 200 with the call resource, or what `answerForCall` planned. */
  private updateCall(
    accountSid: string,
    callSid: string,
    req: IncomingMessage,
    body: Buffer,
    send: (status: number, body: object) => void,
  ): void {
    const form = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
    const record: ReceivedCallUpdate = { accountSid, callSid, authorization: req.headers.authorization, form };
    this.callUpdates.push(record);
    if (!this.authorized(record.authorization, accountSid)) {
      return send(401, { code: 20003, message: 'Authenticate', status: 401 });
    }
    const planned = this.callAnswers.get(callSid)?.shift();
    if (planned) return send(planned.status, planned.body);
    const now = new Date().toUTCString();
    send(200, {
      sid: callSid,
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      status: 'in-progress',
      direction: 'inbound',
      date_created: now,
      date_updated: now,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Calls/${callSid}.json`,
    });
  }
}

/**
 * Posts a webhook the way Twilio does: form-encoded, signed with the auth
 * token over the public URL and the sorted parameters. `tamper` changes the
 * body after signing (a forged or altered request).
 */
export async function postSignedWebhook(
  serviceUrl: string,
  publicBaseUrl: string,
  path: string,
  params: Record<string, string>,
  authToken: string,
  { tamper }: { tamper?: (params: Record<string, string>) => Record<string, string> } = {},
): Promise<{ status: number; text: string }> {
  const signature = twilio.getExpectedTwilioSignature(authToken, `${publicBaseUrl}${path}`, params);
  const response = await fetch(`${serviceUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
      'i-twilio-idempotency-token': randomBytes(8).toString('hex'),
    },
    body: new URLSearchParams(tamper ? tamper(params) : params).toString(),
  });
  return { status: response.status, text: await response.text() };
}

/** Twilio's incoming-message webhook fields for an SMS (MMS with `media`). */
export function inboundSmsParams(
  accountSid: string,
  from: string,
  to: string,
  body: string,
  media: { url: string; contentType: string }[] = [],
): Record<string, string> {
  const sid = `${media.length ? 'MM' : 'SM'}${randomBytes(16).toString('hex')}`;
  const params: Record<string, string> = {
    ToCountry: 'PL',
    ToState: '',
    SmsMessageSid: sid,
    NumMedia: String(media.length),
    ToCity: '',
    FromZip: '',
    SmsSid: sid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: body,
    FromCountry: 'PL',
    To: to,
    ToZip: '',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: accountSid,
    From: from,
    ApiVersion: '2010-04-01',
  };
  media.forEach((m, i) => {
    params[`MediaUrl${i}`] = m.url;
    params[`MediaContentType${i}`] = m.contentType;
  });
  return params;
}

/** Twilio's status callback fields for one of our messages. */
export function statusCallbackParams(
  accountSid: string,
  sid: string,
  status: string,
  from: string,
  to: string,
  errorCode?: string,
): Record<string, string> {
  return {
    SmsSid: sid,
    SmsStatus: status,
    MessageStatus: status,
    To: to,
    MessageSid: sid,
    AccountSid: accountSid,
    From: from,
    ApiVersion: '2010-04-01',
    ...(errorCode ? { ErrorCode: errorCode } : {}),
  };
}
