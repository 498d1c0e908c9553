import { jwtVerify, SignJWT } from 'jose';

/** Who an internal call is made for: an agent the gateway authenticated, or a service acting for itself. */
export const CALLER_ROLES = ['agent', 'supervisor', 'admin', 'service'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

export interface CallerPrincipal {
  workspaceId: string;
  /** The agent's id; for role `service`, the calling service's name. */
  agentId: string;
  role: CallerRole;
  /** The service that minted the token (`gateway`, `routing`…). */
  issuer: string;
}

/** Long enough for one call with retries, short enough that a leaked token is soon useless. */
export const SERVICE_TOKEN_TTL_SECONDS = 60;
/** Tokens older than this are refused even if their `exp` says otherwise (a minting bug cannot make them long-lived). */
const MAX_TOKEN_AGE = '120s';
const CLOCK_TOLERANCE_SECONDS = 5;

const keyOf = (secret: string) => new TextEncoder().encode(secret);

/**
 * Mints the token one service sends to another's internal API: HS256 over
 * SERVICE_TOKEN_SECRET, audience the target service, naming the workspace,
 * the agent and the role the call is made for.
 */
export class ServiceTokenMinter {
  private readonly key: Uint8Array;

  constructor(
    /** The calling service (the token's issuer). */
    readonly issuer: string,
    secret: string,
    private readonly ttlSeconds = SERVICE_TOKEN_TTL_SECONDS,
  ) {
    this.key = keyOf(secret);
  }

  mint(audience: string, caller: Omit<CallerPrincipal, 'issuer'>): Promise<string> {
    return new SignJWT({ ws: caller.workspaceId, role: caller.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(this.issuer)
      .setSubject(caller.agentId)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }
}

/**
 * Checks a service token addressed to `audience`: HS256 only, signature,
 * `exp` and `iat` required and current, audience exact. Answers the caller,
 * or null for anything else (missing, forged, expired, another service's).
 */
export class ServiceTokenVerifier {
  private readonly key: Uint8Array;

  constructor(
    private readonly audience: string,
    secret: string,
  ) {
    this.key = keyOf(secret);
  }

  async verify(token: string): Promise<CallerPrincipal | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        audience: this.audience,
        requiredClaims: ['exp', 'iat', 'iss', 'sub'],
        maxTokenAge: MAX_TOKEN_AGE,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      const role = payload.role as CallerRole;
      if (typeof payload.ws !== 'string' || !payload.ws || !CALLER_ROLES.includes(role)) return null;
      return { workspaceId: payload.ws, agentId: payload.sub as string, role, issuer: payload.iss as string };
    } catch {
      return null;
    }
  }
}
