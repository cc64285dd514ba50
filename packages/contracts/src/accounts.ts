import { z } from 'zod';

/** Request and response contracts of the account routes (/auth, /me, /admin/users). */

export const Role = z.enum(['customer', 'staff', 'admin']);
export type Role = z.infer<typeof Role>;

const Email = z.email('must be an email address').max(254);
const Password = z.string().min(10, 'must be at least 10 characters').max(256);
const PersonName = z.string().trim().min(1).max(100);
const Timestamp = z.iso.datetime();

export const User = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: Role,
  /** Whether the owner followed the verification link mailed to this email. */
  emailVerified: z.boolean(),
  createdAt: Timestamp,
});
export type User = z.infer<typeof User>;

export const AdminUser = User.extend({ disabled: z.boolean(), updatedAt: Timestamp });
export type AdminUser = z.infer<typeof AdminUser>;

export const RegisterRequest = z.strictObject({ email: Email, password: Password, name: PersonName });
export type RegisterRequest = z.infer<typeof RegisterRequest>;

/**
 * The same answer whether the email was new or already had an account, so registering reveals nothing;
 * a new account then signs in with its password.
 */
export const RegisterAccepted = z.object({ message: z.string() });
export type RegisterAccepted = z.infer<typeof RegisterAccepted>;

export const LoginRequest = z.strictObject({ email: Email, password: z.string().min(1).max(256) });
export type LoginRequest = z.infer<typeof LoginRequest>;

/** The refresh token travels only in an httpOnly cookie, never in this body. */
export const AuthResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('Seconds until the access token expires'),
  user: User,
});
export type AuthResponse = z.infer<typeof AuthResponse>;

export const UpdateProfileRequest = z
  .strictObject({
    name: PersonName.optional(),
    email: Email.optional(),
    currentPassword: z.string().min(1).max(256).optional().describe('Required when the email changes'),
  })
  .refine((body) => body.name !== undefined || body.email !== undefined, {
    message: 'name or email is required',
  });
export type UpdateProfileRequest = z.infer<typeof UpdateProfileRequest>;

export const ChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: Password,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const AddressInput = z.strictObject({
  label: z.string().trim().max(50).nullish(),
  fullName: PersonName,
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).nullish(),
  city: z.string().trim().min(1).max(100),
  region: z.string().trim().max(100).nullish(),
  postalCode: z.string().trim().min(1).max(20),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as DE')
    .describe('ISO 3166-1 alpha-2'),
  phone: z
    .string()
    .regex(/^\+?[0-9 ()-]{5,30}$/, 'must be a phone number')
    .nullish(),
  isDefault: z.boolean().optional(),
});
export type AddressInput = z.infer<typeof AddressInput>;

export const AddressPatch = AddressInput.partial();
export type AddressPatch = z.infer<typeof AddressPatch>;

export const Address = z.object({
  id: z.uuid(),
  label: z.string().nullable(),
  fullName: z.string(),
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string(),
  region: z.string().nullable(),
  postalCode: z.string(),
  country: z.string(),
  phone: z.string().nullable(),
  isDefault: z.boolean(),
  createdAt: Timestamp,
});
export type Address = z.infer<typeof Address>;

export const Session = z.object({
  id: z.uuid(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp,
  expiresAt: Timestamp,
  current: z.boolean().describe('The session of the access token that asked'),
});
export type Session = z.infer<typeof Session>;

export const IdParams = z.strictObject({ id: z.uuid() });

export const AdminUserPatch = z
  .strictObject({ role: Role.optional(), disabled: z.boolean().optional() })
  .refine((body) => body.role !== undefined || body.disabled !== undefined, {
    message: 'role or disabled is required',
  });
export type AdminUserPatch = z.infer<typeof AdminUserPatch>;

export const AdminUserListQuery = z.strictObject({
  role: Role.optional(),
  email: z.string().max(254).optional().describe('Part of the email'),
  q: z.string().trim().max(254).optional().describe('Part of the email or name'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
export type AdminUserListQuery = z.infer<typeof AdminUserListQuery>;

export const AdminUserList = z.object({ items: z.array(AdminUser), nextCursor: z.string().nullable() });
export type AdminUserList = z.infer<typeof AdminUserList>;
