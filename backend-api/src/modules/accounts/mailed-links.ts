import { createHash, randomBytes } from 'node:crypto';
import type {
  PasswordResetConfirm,
  PasswordResetRequest,
  RegisterRequest,
  VerifyEmailResult,
} from '@shopstream/contracts';
import { type SessionRegistry, ValidationFailed } from '@shopstream/server-kit';
import { hashPassword, normaliseEmail } from '../../lib/passwords';
import type { MailService } from '../mail/service';
import { attachGuestOrders } from '../orders/guest-orders';
import { RateLimited } from './service';
import type { AccountTokenLimits } from './token-limits';
import type { AccountTokenRepository, Transaction } from './token-repository';

export const PASSWORD_RESET_TTL_MINUTES = 60;
export const EMAIL_VERIFICATION_TTL_DAYS = 7;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

const invalidLink = () =>
  ValidationFailed([
    { field: 'body.token', message: 'is not a valid link any more: it was used, or it expired' },
  ]);

/**
 * What the account module does through mailed links (issue 16): registration with a verification link (and
 * a note to the owner when the email is taken), password reset, and email verification, which also gives
 * the account the guest orders of that email. Every token is stored only as its SHA-256; each mail is
 * written in the transaction of the change it announces.
 */
export function createAccountMailFlows(deps: {
  repo: AccountTokenRepository;
  mail: MailService;
  limits: AccountTokenLimits;
  /** The Redis mirror both services check tokens against. */
  sessions?: SessionRegistry;
}) {
  const { repo, mail } = deps;
  const { storefrontUrl, adminUrl } = mail.links;

  async function sendVerification(tx: Transaction, user: { id: string; email: string; name: string }) {
    const token = newToken();
    await repo.insertToken(tx, {
      userId: user.id,
      purpose: 'email_verification',
      tokenHash: hashToken(token),
      email: user.email,
      expiresAt: new Date(Date.now() + EMAIL_VERIFICATION_TTL_DAYS * 86_400_000),
    });
    await mail.enqueue(tx, {
      template: 'email-verification',
      to: user.email,
      data: { name: user.name, verifyUrl: `${storefrontUrl}/account/verify-email?token=${token}` },
    });
  }

  return {
    /**
     * Creates the account and mails its verification link; an email that already has an account is left
     * untouched and its owner is told instead. The caller answers the same either way.
     */
    async register(input: RegisterRequest) {
      const email = normaliseEmail(input.email);
      const passwordHash = await hashPassword(input.password);
      await repo.inTransaction(async (tx) => {
        const created = await repo.insertUser(tx, { email, name: input.name, passwordHash });
        if (created) return sendVerification(tx, created);
        const owner = await repo.findUserByEmail(tx, email);
        if (!owner) return;
        await mail.enqueue(tx, {
          template: 'account-exists',
          to: owner.email,
          data: {
            name: owner.name,
            loginUrl: `${storefrontUrl}/account/login`,
            resetUrl: `${storefrontUrl}/account/forgot-password`,
          },
        });
      });
    },

    /** Mails a reset link if the email has an account; says nothing about whether it does. */
    async requestPasswordReset(input: PasswordResetRequest, ip: string | null) {
      const email = normaliseEmail(input.email);
      const wait = await deps.limits.consume('password-reset', email, ip);
      if (wait) throw RateLimited(wait.retryAfterSeconds);
      await repo.inTransaction(async (tx) => {
        const user = await repo.findUserByEmail(tx, email);
        if (!user || user.disabled) return;
        const token = newToken();
        await repo.insertToken(tx, {
          userId: user.id,
          purpose: 'password_reset',
          tokenHash: hashToken(token),
          email: user.email,
          expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_MINUTES * 60_000),
        });
        const base =
          input.app === 'admin' ? `${adminUrl}/reset-password` : `${storefrontUrl}/account/reset-password`;
        await mail.enqueue(tx, {
          template: 'password-reset',
          to: user.email,
          data: {
            name: user.name,
            resetUrl: `${base}?token=${token}`,
            expiresInMinutes: PASSWORD_RESET_TTL_MINUTES,
          },
        });
      });
    },

    /**
     * Sets the new password with a reset token (once), and ends every session of the account, in
     * PostgreSQL and in the Redis mirror, so a stolen session dies with the old password. The link proved
     * the email is the owner's, so it counts as verified too.
     */
    async resetPassword(input: PasswordResetConfirm) {
      const passwordHash = await hashPassword(input.password);
      const { ended, user } = await repo.inTransaction(async (tx) => {
        const token = await repo.consumeToken(tx, hashToken(input.token), 'password_reset');
        if (!token) throw invalidLink();
        const user = await repo.setPassword(tx, token.userId, passwordHash);
        await repo.retireTokens(tx, token.userId, 'password_reset');
        if (await repo.markEmailVerified(tx, token.userId, token.email))
          await attachGuestOrders(tx, token.userId, token.email);
        return { ended: await repo.revokeAllSessions(tx, token.userId, 'password reset'), user };
      });
      await deps.sessions?.sessionsEnded(ended);
      await deps.sessions?.accountChanged(user.id, user);
    },

    /** Marks the email verified and gives the account the guest orders placed with it. */
    async verifyEmail(token: string): Promise<VerifyEmailResult> {
      return repo.inTransaction(async (tx) => {
        const used = await repo.consumeToken(tx, hashToken(token), 'email_verification');
        if (!used) throw invalidLink();
        if (!(await repo.markEmailVerified(tx, used.userId, used.email))) throw invalidLink();
        const ordersAdded = await attachGuestOrders(tx, used.userId, used.email);
        const user = await repo.findUserByEmail(tx, used.email);
        if (user)
          await mail.enqueue(tx, {
            template: 'welcome',
            to: user.email,
            dedupeKey: `welcome:${user.id}`,
            data: { name: user.name, shopUrl: storefrontUrl },
          });
        return { verified: true as const, ordersAdded };
      });
    },
  };
}
export type AccountMailFlows = ReturnType<typeof createAccountMailFlows>;
