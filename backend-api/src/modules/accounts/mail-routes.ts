import {
  MailAccepted,
  PasswordResetConfirm,
  PasswordResetRequest,
  VerifyEmailRequest,
  VerifyEmailResult,
} from '@shopstream/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { NoContent, problems } from '../../plugins/route-schemas';
import type { AccountMailFlows } from './mailed-links';

/** Password reset and email verification: the account routes that answer with a mailed link (issue 16). */
export const accountMailRoutes: FastifyPluginAsyncZod<{ flows: AccountMailFlows }> = async (
  app,
  { flows },
) => {
  app.post(
    '/auth/password-reset',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Mail a password reset link',
        description:
          'Answers 202 with the same body whether or not the email has an account. The link works once, ' +
          'for an hour. Limited per email and per client address (429 + Retry-After).',
        body: PasswordResetRequest,
        response: { 202: MailAccepted, ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await flows.requestPasswordReset(request.body, request.ip ?? null);
      return reply.status(202).send({
        message: 'If this email has an account, a link to choose a new password is on its way.',
      });
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Choose a new password with the token of a reset link; every session of the account ends',
        body: PasswordResetConfirm,
        response: { 204: NoContent, ...problems(400) },
      },
    },
    async (request, reply) => {
      await flows.resetPassword(request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/verify-email',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Confirm an email with the token of a verification link',
        description: 'Guest orders placed with the email then belong to the account (`ordersAdded`).',
        body: VerifyEmailRequest,
        response: { 200: VerifyEmailResult, ...problems(400) },
      },
    },
    async (request) => flows.verifyEmail(request.body.token),
  );
};
