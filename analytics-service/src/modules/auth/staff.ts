import { Forbidden, Unauthorized } from '@shopstream/server-kit';
import type { FastifyRequest } from 'fastify';
import { jwtVerify } from 'jose';

const STAFF_ROLES = new Set(['staff', 'admin']);
/** The issuer and audience backend-api writes into its access tokens (backend-api/src/lib/access-tokens.ts). */
export const ACCESS_TOKEN_ISSUER = 'shopstream-backend-api';
export const ACCESS_TOKEN_AUDIENCE = 'shopstream';

/** Verifies a backend-api access token (HS256, shared JWT_SECRET) and requires a staff role. */
export function staffVerifier(secret: string) {
  const key = new TextEncoder().encode(secret);
  return async (token: string | undefined): Promise<{ userId: string; role: string }> => {
    if (!token) throw Unauthorized('A staff access token is required');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch {
      throw Unauthorized('The access token is invalid or expired');
    }
    const role = String(payload.role ?? '');
    if (!STAFF_ROLES.has(role)) throw Forbidden('Reports are for staff only');
    return { userId: String(payload.sub), role };
  };
}

export const bearerOf = (request: FastifyRequest) => {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7) : undefined;
};
