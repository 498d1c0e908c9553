import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The survey's link carries a token naming the workspace and the survey,
 * signed with a key derived from the service-token secret (no new secret to
 * deploy): a guessed or altered link finds nothing. The token opens that one
 * survey only and does not expire before the survey does.
 */
export class SurveyLinkToken {
  private readonly key: Buffer;

  constructor(serviceTokenSecret: string) {
    this.key = createHmac('sha256', serviceTokenSecret).update('threadline survey links v1').digest();
  }

  sign(workspaceId: string, surveyId: string): string {
    const body = `${Buffer.from(workspaceId).toString('base64url')}.${surveyId}`;
    return `${body}.${this.mac(body)}`;
  }

  /** The workspace and survey the token names, or null when it is not one of ours. */
  verify(token: string): { workspaceId: string; surveyId: string } | null {
    const parts = token.split('.');
    if (parts.length !== 3 || token.length > 300) return null;
    const [ws, surveyId, mac] = parts;
    const expected = Buffer.from(this.mac(`${ws}.${surveyId}`));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { workspaceId: Buffer.from(ws, 'base64url').toString(), surveyId };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, 32);
  }
}
