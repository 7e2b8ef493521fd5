import {
  createRemoteJWKSet,
  type JWTPayload,
  type JWTVerifyGetKey,
  errors as joseErrors,
  jwtVerify,
} from 'jose';
import { Unauthorized } from '../errors';

export interface JwtVerifierOptions {
  /** Where the signing keys are published (`/.well-known/jwks.json`, or Cognito's pool JWKS). */
  jwksUrl: string;
  issuer: string;
  /** Accepted when it equals the token's `aud` or, for Cognito access tokens, its `client_id`. */
  audience?: string | string[];
  /** Allowed clock skew in seconds. */
  clockToleranceSeconds?: number;
  /** Inject a key set (tests); defaults to a cached remote JWKS. */
  keySet?: JWTVerifyGetKey;
}

export interface VerifiedToken {
  subject: string;
  claims: JWTPayload & Record<string, unknown>;
}

export type JwtVerifier = (token: string) => Promise<VerifiedToken>;

/** RS256-only verification against a JWKS; iss, exp and aud/client_id are checked. */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const keySet =
    options.keySet ??
    createRemoteJWKSet(new URL(options.jwksUrl), { cacheMaxAge: 10 * 60_000, cooldownDuration: 5_000 });
  const audiences = options.audience === undefined ? [] : [options.audience].flat();

  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keySet, {
        algorithms: ['RS256'],
        issuer: options.issuer,
        clockTolerance: options.clockToleranceSeconds ?? 5,
        requiredClaims: ['exp', 'sub'],
      });
      if (audiences.length > 0 && !audienceMatches(payload, audiences)) {
        throw new Unauthorized('Token audience is not accepted');
      }
      return { subject: payload.sub as string, claims: payload as VerifiedToken['claims'] };
    } catch (err) {
      if (err instanceof Unauthorized) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new Unauthorized('Token expired');
      if (err instanceof joseErrors.JOSEError) throw new Unauthorized('Invalid token');
      throw err;
    }
  };
}

function audienceMatches(payload: JWTPayload, accepted: string[]): boolean {
  const aud = payload.aud === undefined ? [] : [payload.aud].flat();
  const clientId = typeof payload.client_id === 'string' ? [payload.client_id] : [];
  return [...aud, ...clientId].some((value) => accepted.includes(value));
}

/** Extracts the token of an `Authorization: Bearer ...` header. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/** Cognito's issuer and JWKS for a user pool. */
export function cognitoEndpoints(region: string, userPoolId: string) {
  const issuer = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  return { issuer, jwksUrl: `${issuer}/.well-known/jwks.json` };
}
