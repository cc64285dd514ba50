import {
  Address,
  AddressInput,
  AddressPatch,
  AdminUser,
  AdminUserList,
  AdminUserListQuery,
  AdminUserPatch,
  AuthResponse,
  ChangePasswordRequest,
  IdParams,
  LoginRequest,
  RegisterAccepted,
  RegisterRequest,
  Session,
  UpdateProfileRequest,
  User,
} from '@shopstream/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config';
import { currentUser, signedIn, staffOnly } from '../../plugins/auth';
import { NoContent, problems } from '../../plugins/route-schemas';
import { REFRESH_COOKIE } from './schemas';
import type { AccountService, SignedIn } from './service';

export const accountRoutes: FastifyPluginAsyncZod<{ accounts: AccountService; config: Config }> = async (
  app,
  { accounts, config },
) => {
  const windowMs = config.AUTH_RATE_LIMIT_WINDOW_SECONDS * 1000;
  const cookiePath = '/auth';
  const meta = (request: FastifyRequest) => ({
    ip: request.ip ?? null,
    userAgent: request.headers['user-agent'] ?? null,
  });
  const perIp = {
    max: config.AUTH_RATE_LIMIT_PER_IP,
    timeWindow: windowMs,
    keyGenerator: (r: FastifyRequest) => `ip:${r.ip}`,
  };

  const answerSignedIn = (reply: FastifyReply, signed: SignedIn) => {
    reply.setCookie(REFRESH_COOKIE, signed.refreshToken, {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.NODE_ENV === 'production',
      path: cookiePath,
      expires: signed.refreshExpiresAt,
    });
    return {
      accessToken: signed.accessToken,
      tokenType: 'Bearer' as const,
      expiresIn: signed.expiresIn,
      user: signed.user,
    };
  };

  app.post(
    '/auth/register',
    {
      config: { rateLimit: perIp },
      schema: {
        tags: ['accounts'],
        summary: 'Create a customer account; then sign in with POST /auth/login',
        description:
          'Answers 202 with the same body whether the email was new or already had an account (an ' +
          'existing account is left untouched), so registering does not reveal who has an account.',
        body: RegisterRequest,
        response: { 202: RegisterAccepted, ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await accounts.register(request.body);
      return reply.status(202).send({
        message: 'If this email is new, the account is ready: log in with your password.',
      });
    },
  );

  app.post(
    '/auth/login',
    {
      config: { rateLimit: perIp },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in; the refresh token is set as an httpOnly cookie',
        body: LoginRequest,
        response: { 200: AuthResponse, ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => answerSignedIn(reply, await accounts.login(request.body, meta(request))),
  );

  app.post(
    '/auth/refresh',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Exchange the refresh cookie for a new access token and a new refresh cookie',
        description:
          'Each refresh token works once. Presenting a used one ends the whole session. Without a refresh cookie there is no session to resume: 204 with no body, so a signed-out page load asks without an error.',
        response: { 200: AuthResponse, 204: NoContent, ...problems(401) },
      },
    },
    async (request, reply) => {
      if (!request.cookies[REFRESH_COOKIE]) return reply.status(204).send(null);
      try {
        return answerSignedIn(reply, await accounts.refresh(request.cookies[REFRESH_COOKIE]));
      } catch (error) {
        reply.clearCookie(REFRESH_COOKIE, { path: cookiePath });
        throw error;
      }
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['accounts'],
        summary: 'End the session of the refresh cookie (or of the bearer token)',
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const bearer = request.headers.authorization?.startsWith('Bearer ')
        ? request.headers.authorization.slice(7).trim()
        : undefined;
      await accounts.logout(request.cookies[REFRESH_COOKIE], bearer);
      reply.clearCookie(REFRESH_COOKIE, { path: cookiePath });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        ...signedIn,
        tags: ['accounts'],
        summary: 'The signed-in user',
        response: { 200: User, ...problems(401) },
      },
    },
    async (request) => accounts.profile(currentUser(request).id),
  );

  app.patch(
    '/me',
    {
      schema: {
        ...signedIn,
        tags: ['accounts'],
        summary: 'Update name or email (an email change needs the current password)',
        body: UpdateProfileRequest,
        response: { 200: User, ...problems(400, 401, 409) },
      },
    },
    async (request) => accounts.updateProfile(currentUser(request).id, request.body),
  );

  app.put(
    '/me/password',
    {
      schema: {
        ...signedIn,
        tags: ['accounts'],
        summary: 'Change the password; every other session ends',
        body: ChangePasswordRequest,
        response: { 204: NoContent, ...problems(400, 401) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      await accounts.changePassword(user.id, user.sessionId, request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me/sessions',
    {
      schema: {
        ...signedIn,
        tags: ['accounts'],
        summary: 'Live sessions of the signed-in user',
        response: { 200: z.object({ items: z.array(Session) }), ...problems(401) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      return { items: await accounts.listSessions(user.id, user.sessionId) };
    },
  );

  app.delete(
    '/me/sessions/:id',
    {
      schema: {
        ...signedIn,
        tags: ['accounts'],
        summary: 'End one of my sessions',
        params: IdParams,
        response: { 204: NoContent, ...problems(401, 404) },
      },
    },
    async (request, reply) => {
      await accounts.revokeSession(currentUser(request).id, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me/addresses',
    {
      schema: {
        ...signedIn,
        tags: ['accounts'],
        summary: 'My addresses, default first',
        response: { 200: z.object({ items: z.array(Address) }), ...problems(401) },
      },
    },
    async (request) => ({ items: await accounts.listAddresses(currentUser(request).id) }),
  );

  app.post(
    '/me/addresses',
    {
      schema: {
        ...signedIn,
        tags: ['accounts'],
        summary: 'Add an address',
        body: AddressInput,
        response: { 201: Address, ...problems(400, 401) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await accounts.addAddress(currentUser(request).id, request.body)),
  );

  app.patch(
    '/me/addresses/:id',
    {
      schema: {
        ...signedIn,
        tags: ['accounts'],
        summary: 'Change an address',
        params: IdParams,
        body: AddressPatch,
        response: { 200: Address, ...problems(400, 401, 404) },
      },
    },
    async (request) => accounts.updateAddress(currentUser(request).id, request.params.id, request.body),
  );

  app.delete(
    '/me/addresses/:id',
    {
      schema: {
        ...signedIn,
        tags: ['accounts'],
        summary: 'Remove an address',
        params: IdParams,
        response: { 204: NoContent, ...problems(401, 404) },
      },
    },
    async (request, reply) => {
      await accounts.deleteAddress(currentUser(request).id, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/admin/users',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Accounts, newest first; staff search customers by q (email or name)',
        querystring: AdminUserListQuery,
        response: { 200: AdminUserList, ...problems(400, 401, 403) },
      },
    },
    async (request) => accounts.listUsers(request.query),
  );

  app.patch(
    '/admin/users/:id',
    {
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: "Change an account's role (admin only) or disable it (staff: customer accounts only)",
        params: IdParams,
        body: AdminUserPatch,
        response: { 200: AdminUser, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      return accounts.updateUserAsAdmin(user.id, request.params.id, request.body, user.role);
    },
  );
};
