import {
  type AccessClaims,
  AppError,
  createAccessTokenVerifier,
  ErrorCode,
  Forbidden,
  type SessionChecker,
} from '@shopstream/server-kit';
import type { FastifyRequest } from 'fastify';

const STAFF_ROLES = new Set(['staff', 'admin']);

const unauthorized = (detail: string) =>
  new AppError(ErrorCode.Unauthorized, detail, { headers: { 'www-authenticate': 'Bearer' } });

export interface StaffAccess extends AccessClaims {
  /** The role now (from the session mirror), not the one the token was signed with. */
  role: 'staff' | 'admin';
}

/**
 * Admits a backend-api access token (HS256, the shared JWT_SECRET) only while its session is live, its
 * account enabled and its current role staff. Throws the problem to answer (401, 403, or 503 when the
 * session mirror cannot be read: an unchecked token is refused).
 */
export function staffAccess(secret: string, checkSession: SessionChecker) {
  const verify = createAccessTokenVerifier(secret);
  const recheck = async (claims: AccessClaims): Promise<StaffAccess> => {
    const verdict = await checkSession(claims);
    if (verdict.outcome === 'ended')
      throw unauthorized(`The access token is no longer valid: ${verdict.reason}`);
    if (!STAFF_ROLES.has(verdict.role)) throw Forbidden('Reports are for staff only');
    return { ...claims, role: verdict.role as StaffAccess['role'] };
  };
  return {
    async admit(token: string | undefined): Promise<StaffAccess> {
      if (!token) throw unauthorized('A staff access token is required');
      const claims = await verify(token);
      if (!claims) throw unauthorized('The access token is invalid or expired');
      return recheck(claims);
    },
    /** For connections that outlive the request (/ws): the same verdict, asked again. */
    recheck,
  };
}
export type StaffAccessCheck = ReturnType<typeof staffAccess>;

export const bearerOf = (request: FastifyRequest) => {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7) : undefined;
};
