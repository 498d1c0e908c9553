import { z } from 'zod';
import { commonConfigSchema } from '@threadline/config';
import { callSetupSchema } from './ivr/call-setup';

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +48221234567');

export const voiceNumberSchema = z.strictObject({
  /** The Twilio number customers text or call, E.164. */
  number: e164,
  workspaceId: z.string().min(1),
  /** How calls to the number are answered (IVR, queues, hours); absent: one queue, always open, Polish. */
  calls: callSetupSchema.optional(),
});
export type VoiceNumber = z.infer<typeof voiceNumberSchema>;

const numberList = z.string().transform((raw, ctx) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {number, workspaceId}' });
    return z.NEVER;
  }
  const result = z
    .array(voiceNumberSchema)
    .refine((list) => new Set(list.map((n) => n.number)).size === list.length, 'a number may belong to one workspace only')
    .safeParse(parsed);
  if (!result.success) {
    for (const issue of result.error.issues) {
      ctx.addIssue({ code: 'custom', message: `[${issue.path.join('.')}] ${issue.message}` });
    }
    return z.NEVER;
  }
  return result.data;
});

/** An absolute http(s) URL without a trailing slash, so paths can be appended. */
const baseUrl = z
  .url({ protocol: /^https?$/ })
  .refine((value) => URL.canParse(value) && !new URL(value).search && !new URL(value).hash, 'must have no query or fragment')
  .transform((value) => value.replace(/\/+$/, ''));

const TWILIO_ACCOUNT_SETTINGS = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'PUBLIC_BASE_URL'] as const;

export const channelVoiceConfigSchema = commonConfigSchema
  .extend({
    /** JSON array of Twilio numbers and the workspace each belongs to. */
    VOICE_NUMBERS: numberList.default([]),
    /**
     * The Twilio account. All three or none: without them the service runs
     * with the SMS channel off (a platform without Twilio still starts).
     */
    TWILIO_ACCOUNT_SID: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits')
      .optional(),
    TWILIO_AUTH_TOKEN: z.string().min(16, 'must be the account auth token').optional(),
    /** The URL Twilio calls us at; webhook signatures are computed against it, never against the Host header. */
    PUBLIC_BASE_URL: baseUrl.optional(),
    /**
     * An API key of the account (both or neither): agents' browsers get
     * Twilio Client (Voice SDK) access tokens signed with it, so a caller
     * taken without a phone rings in the agent's browser.
     */
    TWILIO_API_KEY_SID: z
      .string()
      .regex(/^SK[0-9a-fA-F]{32}$/, 'must look like SK followed by 32 hex digits')
      .optional(),
    TWILIO_API_KEY_SECRET: z.string().min(16, 'must be the API key secret').optional(),
    /** Lifetime of an agent's Twilio Client token (Twilio allows at most 24 h). */
    TWILIO_CLIENT_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3_600),
    /** Twilio's REST API; tests point it at a local stand-in. */
    TWILIO_API_BASE_URL: baseUrl.default('https://api.twilio.com'),
    /** A Twilio call still running after this is abandoned (aborted). */
    TWILIO_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    /** Attempts per outbound SMS when Twilio answers 5xx or cannot be reached; a 4xx fails at once. */
    TWILIO_SEND_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
    TWILIO_RETRY_DELAY_MS: z.coerce.number().int().min(0).default(500),
    /** How long the numbers admins added (voice_numbers) are cached; other instances see a change within it. */
    VOICE_NUMBERS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
    /**
     * Twilio does not retry status callbacks: a call that heard nothing for
     * VOICE_STALE_CALL_MS is looked up at Twilio every VOICE_SWEEP_INTERVAL_MS
     * (0 = never), so a lost "completed" cannot leave a caller on the board forever.
     */
    VOICE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
    VOICE_STALE_CALL_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .default(15 * 60_000),
    /** How often offers of waiting callers that nobody answered in time are ended (0 = never). */
    VOICE_OFFER_SWEEP_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
    /** Consumer group of the outbound SMS sender. */
    VOICE_SMS_CONSUMER_GROUP: z.string().min(1).default('channel-voice.sms-outbound'),
    /** Reads customer.erased.v1 to strip the erased customer's calls and SMS of their number and recordings. */
    VOICE_ERASURE_CONSUMER_GROUP: z.string().min(1).default('channel-voice.erasure'),
  })
  .superRefine((config, ctx) => {
    if ((config.TWILIO_API_KEY_SID === undefined) !== (config.TWILIO_API_KEY_SECRET === undefined)) {
      const missing = config.TWILIO_API_KEY_SID === undefined ? 'TWILIO_API_KEY_SID' : 'TWILIO_API_KEY_SECRET';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'needed with the other TWILIO_API_KEY_ setting' });
    }
    const given = TWILIO_ACCOUNT_SETTINGS.filter((name) => config[name] !== undefined);
    const needed = given.length > 0 || config.VOICE_NUMBERS.length > 0;
    if (!needed) return;
    for (const name of TWILIO_ACCOUNT_SETTINGS) {
      if (config[name] === undefined) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'needed with the other Twilio settings and VOICE_NUMBERS' });
      }
    }
  });
export type ChannelVoiceConfig = z.infer<typeof channelVoiceConfigSchema>;

/** The Twilio account the SMS channel works with. */
export interface TwilioAccount {
  accountSid: string;
  authToken: string;
  publicBaseUrl: string;
  apiBaseUrl: string;
}

/** The account from a validated config, or null when the SMS channel is off. */
export function twilioAccountOf(config: ChannelVoiceConfig): TwilioAccount | null {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, PUBLIC_BASE_URL: publicBaseUrl } = config;
  if (!accountSid || !authToken || !publicBaseUrl) return null;
  return { accountSid, authToken, publicBaseUrl, apiBaseUrl: config.TWILIO_API_BASE_URL };
}
