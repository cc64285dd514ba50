import { z } from 'zod';

/** Contracts of the routes that send a link by mail: password reset, email verification, guest order lookup. */

const Email = z.email('must be an email address').max(254);
const Password = z.string().min(10, 'must be at least 10 characters').max(256);
/** A token from a mailed link: 32 random bytes, base64url. */
// The length is in the pattern too, so generators that draw from the pattern (the fuzz suite) fit it.
const MailedToken = z.string().regex(/^[A-Za-z0-9_.-]{20,200}$/, 'is not a token from one of our links');

/** The same answer for every email, so the answer never tells who has an account or an order. */
export const MailAccepted = z.object({ message: z.string() });
export type MailAccepted = z.infer<typeof MailAccepted>;

export const PasswordResetRequest = z.strictObject({
  email: Email,
  /** Which app's page the link opens: staff reset theirs in the admin panel. */
  app: z.enum(['storefront', 'admin']).default('storefront'),
});
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

export const PasswordResetConfirm = z.strictObject({ token: MailedToken, password: Password });
export type PasswordResetConfirm = z.infer<typeof PasswordResetConfirm>;

export const VerifyEmailRequest = z.strictObject({ token: MailedToken });
export type VerifyEmailRequest = z.infer<typeof VerifyEmailRequest>;

export const VerifyEmailResult = z.object({
  verified: z.literal(true),
  /** Guest orders placed with this email that now belong to the account. */
  ordersAdded: z.number().int().min(0),
});
export type VerifyEmailResult = z.infer<typeof VerifyEmailResult>;

export const GuestOrderLookupRequest = z.strictObject({
  number: z.string().trim().min(1).max(40),
  email: Email,
});
export type GuestOrderLookupRequest = z.infer<typeof GuestOrderLookupRequest>;

export const GuestOrderQuery = z.strictObject({ token: MailedToken });
export type GuestOrderQuery = z.infer<typeof GuestOrderQuery>;
