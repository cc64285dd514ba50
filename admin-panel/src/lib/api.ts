import type { User } from '@shopstream/contracts';
import { ApiError, AuthError, createAuthClient, parseProblem } from '@shopstream/web-kit';
import { env } from './env';

export const CUSTOMER_REFUSED =
  'This is a customer account. The admin panel is for staff and administrators only.';

/**
 * The session, from the shared web-kit client: the access token in memory, the refresh token an httpOnly
 * cookie on the API's /auth path, renewed a minute before expiry under a Web Lock shared by every admin tab
 * (two tabs refreshing with the same rotating token would otherwise end the session).
 */
export const auth = createAuthClient({
  apiUrl: env.VITE_API_URL,
  lockName: 'shopstream-admin-auth-refresh',
  silentRefresh: true,
  refreshMarginMs: 60_000,
  refuse: (user) => (user.role === 'customer' ? CUSTOMER_REFUSED : undefined),
});

export function onSessionChange(listener: (user: User | null) => void) {
  return auth.subscribe((state) => listener(state.status === 'signed-in' ? state.user : null));
}

/** Exchanges the refresh cookie for an access token; null when there is no live session. */
export async function refreshSession(): Promise<User | null> {
  const restored = await auth.restore().catch(() => false);
  const state = auth.getState();
  return restored && state.status === 'signed-in' ? state.user : null;
}

/** Signs in; a customer's new session is ended at once and refused. */
export const login = (email: string, password: string): Promise<User> => auth.login(email, password);

export const logout = (): Promise<void> => auth.logout();

async function readBody(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  if (response.status === 204) return null;
  if (type.includes('json')) return response.json();
  return response.text();
}

type Query = Record<string, string | number | boolean | undefined | null | (string | number)[]>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  /** JSON unless it is a Blob/File or a string with a contentType. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Sends with the bearer token; a 401 gets one refresh and one retry (in the auth client). */
async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof Blob) {
    body = options.body;
    headers['content-type'] = options.contentType ?? options.body.type;
  } else if (typeof options.body === 'string' && options.contentType) {
    body = options.body;
    headers['content-type'] = options.contentType;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  try {
    return await auth.fetchAuthorized(`${env.VITE_API_URL}${withQuery(path, options.query)}`, {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (error instanceof AuthError) throw error;
    // fetch only rejects when no answer arrived: the API is down, unreachable or refused by CORS.
    throw new Error(
      `Could not reach the commerce API at ${env.VITE_API_URL}; check your connection and retry.`,
    );
  }
}

/** Calls the API; answers the parsed body or throws an ApiError with the problem details. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  const body = await readBody(response);
  if (!response.ok) throw new ApiError(response.status, parseProblem(body));
  return body as T;
}
