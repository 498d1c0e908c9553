import { isValidSlackRequest } from '@slack/bolt';

/** Bolt refuses only old timestamps; a far-future one is as suspect (a replay prepared ahead), so both ways. */
export const SLACK_MAX_SKEW_SECONDS = 5 * 60;

export type SlackVerdict = 'valid' | 'stale' | 'forged';

/**
 * Slack's v0 signature (`v0=` HMAC-SHA256 of "v0:{timestamp}:{raw body}")
 * checked by Bolt's verifySlackRequest, plus a clock check in both directions.
 */
export function verifySlackSignature(input: {
  signingSecret: string;
  rawBody: Buffer | undefined;
  signature: string | undefined;
  timestamp: string | undefined;
  nowMs?: number;
}): SlackVerdict {
  const nowMs = input.nowMs ?? Date.now();
  const timestamp = Number(input.timestamp);
  if (!input.rawBody || !input.signature || !input.timestamp || !Number.isInteger(timestamp)) return 'forged';
  if (Math.abs(nowMs / 1000 - timestamp) > SLACK_MAX_SKEW_SECONDS) return 'stale';
  const valid = isValidSlackRequest({
    signingSecret: input.signingSecret,
    body: input.rawBody.toString('utf8'),
    headers: { 'x-slack-signature': input.signature, 'x-slack-request-timestamp': timestamp },
    nowMilliseconds: nowMs,
  });
  return valid ? 'valid' : 'forged';
}
