import { Role } from '@shopstream/contracts';
import { errors, jwtVerify, SignJWT } from 'jose';

/** Who signs access tokens (backend-api) and who may read them (both services). */
export const ACCESS_TOKEN_ISSUER = 'shopstream-backend-api';
export const ACCESS_TOKEN_AUDIENCE = 'shopstream';

/**
 * What an access token says. The role is what it was when the token was signed: both services take the
 * current role from the session check, never from here.
 */
export interface AccessClaims {
  userId: string;
  sessionId: string;
  role: Role;
}

/** Verifies access tokens (HS256, the shared JWT_SECRET): the claims, or null for anything expired, forged or malformed. */
export function createAccessTokenVerifier(secret: string) {
  const key = new TextEncoder().encode(secret);
  return async (token: string): Promise<AccessClaims | null> => {
    try {
      const { payload } = await jwtVerify(token, key, {
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'exp'],
      });
      const role = Role.safeParse(payload.role);
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || !role.success) return null;
      return { userId: payload.sub, sessionId: payload.sid, role: role.data };
    } catch (error) {
      if (error instanceof errors.JOSEError) return null;
      throw error;
    }
  };
}
export type AccessTokenVerifier = ReturnType<typeof createAccessTokenVerifier>;

/** Signs and verifies access tokens; only backend-api signs. */
export function createAccessTokens(secret: string, ttlSeconds: number) {
  const key = new TextEncoder().encode(secret);
  return {
    ttlSeconds,
    sign: (claims: AccessClaims) =>
      new SignJWT({ role: claims.role, sid: claims.sessionId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.userId)
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
    verify: createAccessTokenVerifier(secret),
  };
}
export type AccessTokens = ReturnType<typeof createAccessTokens>;
