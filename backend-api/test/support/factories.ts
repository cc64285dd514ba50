import { randomBytes } from 'node:crypto';
import type { ProductInput, Role, StaffProductDetail, VariantInput } from '@shopstream/contracts';
import type { TestApp } from './test-app';

const unique = () => randomBytes(4).toString('hex');

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  accessToken: string;
  /** The refresh cookie, as `name=value`, to send back in a Cookie header. */
  refreshCookie: string;
  auth: { authorization: string };
}

export function refreshCookieOf(setCookie: string | string[] | undefined) {
  const cookies = [setCookie ?? []].flat();
  const cookie = cookies.find((c) => c.startsWith('shopstream_refresh='));
  if (!cookie) throw new Error(`no refresh cookie in ${JSON.stringify(setCookie)}`);
  return cookie.split(';')[0]!;
}

/**
 * Registers an account through the API and signs it in; staff and admin roles are granted in the
 * database in between.
 */
export async function makeUser(
  ctx: TestApp,
  overrides: { role?: Role; email?: string; password?: string } = {},
) {
  const email = overrides.email ?? `user-${unique()}@example.com`;
  const password = overrides.password ?? `pass-${unique()}-word`;
  const registered = await ctx.app.inject({
    method: 'POST',
    url: '/auth/register',
    payload: { email, password, name: 'Test Person' },
  });
  if (registered.statusCode !== 202) throw new Error(`register failed: ${registered.body}`);
  const role = overrides.role ?? 'customer';
  if (role !== 'customer')
    await ctx.sql.query('update users set role = $1 where email = $2', [role, email.toLowerCase()]);
  const response = await ctx.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`login after register failed: ${response.body}`);
  const body = response.json();
  return {
    id: body.user.id as string,
    email,
    password,
    role,
    accessToken: body.accessToken as string,
    refreshCookie: refreshCookieOf(response.headers['set-cookie']),
    auth: { authorization: `Bearer ${body.accessToken}` },
  } satisfies TestUser;
}

export function makeVariantInput(overrides: Partial<VariantInput> = {}): VariantInput {
  return {
    sku: `SKU-${unique()}`,
    options: { size: 'M' },
    price: 1999,
    currency: 'EUR',
    stockOnHand: 10,
    ...overrides,
  };
}

/** Creates a product through the staff API: active, one variant, unless told otherwise. */
export async function makeProduct(
  ctx: TestApp,
  staff: TestUser,
  overrides: Partial<Omit<ProductInput, 'variants'>> & {
    price?: number;
    stock?: number;
    options?: Record<string, string>;
    variants?: Partial<VariantInput>[];
  } = {},
): Promise<StaffProductDetail> {
  const { price, stock, options, variants, ...product } = overrides;
  const payload = {
    title: `Product ${unique()}`,
    description: 'A fine thing.',
    status: 'active',
    ...product,
    variants: (variants ?? [{}]).map((variant) =>
      makeVariantInput({
        ...(price === undefined ? {} : { price }),
        ...(stock === undefined ? {} : { stockOnHand: stock }),
        ...(options === undefined ? {} : { options }),
        ...variant,
      }),
    ),
  };
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/admin/products',
    headers: staff.auth,
    payload,
  });
  if (response.statusCode !== 201) throw new Error(`create product failed: ${response.body}`);
  return response.json();
}

export async function makeCategory(
  ctx: TestApp,
  staff: TestUser,
  overrides: { name?: string; slug?: string; parentId?: string } = {},
): Promise<{ id: string; slug: string; name: string }> {
  const name = overrides.name ?? `Category ${unique()}`;
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/admin/categories',
    headers: staff.auth,
    payload: { name, ...overrides },
  });
  if (response.statusCode !== 201) throw new Error(`create category failed: ${response.body}`);
  return response.json();
}
