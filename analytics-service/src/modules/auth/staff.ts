import { Forbidden, Unauthorized } from '@shopstream/server-kit';
import type { FastifyRequest } from 'fastify';
import { jwtVerify } from 'jose';

const STAFF_ROLES = new Set(['staff', 'admin']);

/** Verifies a backend-api access token (HS256, shared JWT_SECRET) and requires a staff role. */
export function staffVerifier(secret: string) {
  const key = new TextEncoder().encode(secret);
  return async (token: string | undefined): Promise<{ userId: string; role: string }> => {
    if (!token) throw Unauthorized('A staff access token is required');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] }));
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
