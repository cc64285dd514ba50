import type { Role } from '@shopstream/contracts';
import type { AccessTokens } from '@shopstream/server-kit';
import { AppError, ErrorCode } from '@shopstream/server-kit';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';

export interface AuthenticatedUser {
  id: string;
  sessionId: string;
  role: Role;
}

/** Looks up whether the session of a token is still live and the user's current role. */
export type SessionCheck = (userId: string, sessionId: string) => Promise<{ role: Role } | null>;

/**
 * Route schema fragments. The auth hook reads them, so what the OpenAPI document says about a route is
 * exactly what is enforced: `security` means a bearer token is required, `x-roles` which roles may call.
 */
export const signedIn = { security: [{ bearerAuth: [] }] } as const;
export const staffOnly = { security: [{ bearerAuth: [] }], 'x-roles': ['staff', 'admin'] as Role[] };
export const adminOnly = { security: [{ bearerAuth: [] }], 'x-roles': ['admin'] as Role[] };

const unauthorized = (detail: string) =>
  new AppError(ErrorCode.Unauthorized, detail, { headers: { 'www-authenticate': 'Bearer' } });

export const authPlugin = fp(
  async (
    app: FastifyInstance,
    { tokens, checkSession }: { tokens: AccessTokens; checkSession: SessionCheck },
  ) => {
    app.decorateRequest('user', null);

    const authenticate = async (request: FastifyRequest) => {
      const header = request.headers.authorization;
      if (!header?.startsWith('Bearer ')) throw unauthorized('A bearer access token is required');
      const claims = await tokens.verify(header.slice(7).trim());
      if (!claims) throw unauthorized('The access token is invalid or expired');
      const session = await checkSession(claims.userId, claims.sessionId);
      if (!session) throw unauthorized('The session has ended');
      request.user = { id: claims.userId, sessionId: claims.sessionId, role: session.role };
    };

    /** For public routes that behave differently for a signed-in caller (carts, checkout): a bad token is still 401. */
    app.decorate('optionalUser', async (request: FastifyRequest) => {
      if (request.user) return request.user;
      if (!request.headers.authorization) return null;
      await authenticate(request);
      return request.user;
    });

    app.addHook('onRoute', (route: RouteOptions) => {
      const schema = route.schema as { security?: unknown[]; 'x-roles'?: Role[] } | undefined;
      if (!schema?.security?.length) return;
      const roles = schema['x-roles'];
      const guard = async (request: FastifyRequest) => {
        await authenticate(request);
        if (roles && !roles.includes(request.user!.role)) {
          throw new AppError(ErrorCode.Forbidden, `This route is for ${roles.join(' or ')} accounts`);
        }
      };
      const existing = route.onRequest ? [route.onRequest].flat() : [];
      route.onRequest = [guard, ...existing];
    });
  },
  { name: 'auth' },
);

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthenticatedUser | null;
  }
  interface FastifyInstance {
    optionalUser: (request: FastifyRequest) => Promise<AuthenticatedUser | null>;
  }
}

/** The signed-in user of a route guarded by `signedIn`, `staffOnly` or `adminOnly`. */
export const currentUser = (request: FastifyRequest): AuthenticatedUser => {
  if (!request.user) throw unauthorized('A bearer access token is required');
  return request.user;
};
