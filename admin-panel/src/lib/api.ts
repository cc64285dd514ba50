import type { AuthResponse, User } from '@shopstream/contracts';
import { env } from './env';
import { ApiError, parseProblem } from './problem';

/**
 * The backend-api client. The access token lives only in memory; the refresh token is an httpOnly
 * cookie on the API's /auth path, so every call sends credentials and a 401 triggers one refresh.
 */
let accessToken: string | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<User | null> | null = null;
const sessionListeners = new Set<(user: User | null) => void>();

export function onSessionChange(listener: (user: User | null) => void) {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

function setSession(auth: AuthResponse | null) {
  accessToken = auth?.accessToken ?? null;
  clearTimeout(refreshTimer);
  if (auth) {
    // Refresh a minute before expiry so a user who is working never meets a 401.
    const delay = Math.max(10, auth.expiresIn - 60) * 1000;
    refreshTimer = setTimeout(() => void refreshSession(), delay);
  }
  for (const listener of sessionListeners) listener(auth?.user ?? null);
}

async function readBody(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  if (response.status === 204) return null;
  if (type.includes('json')) return response.json();
  return response.text();
}

async function authCall(path: string, body?: unknown): Promise<Response> {
  return fetch(`${env.VITE_API_URL}${path}`, {
    method: 'POST',
    credentials: 'include',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Exchanges the refresh cookie for an access token; null when there is no live session. */
export function refreshSession(): Promise<User | null> {
  refreshing ??= (async () => {
    try {
      const response = await authCall('/auth/refresh');
      if (!response.ok) {
        setSession(null);
        return null;
      }
      const auth = (await response.json()) as AuthResponse;
      setSession(auth);
      return auth.user;
    } catch {
      setSession(null);
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export class CustomerRefused extends Error {
  constructor() {
    super('This is a customer account. The admin panel is for staff and administrators only.');
    this.name = 'CustomerRefused';
  }
}

/** Signs in; a customer's new session is ended at once and refused. */
export async function login(email: string, password: string): Promise<User> {
  const response = await authCall('/auth/login', { email, password });
  const body = await readBody(response);
  if (!response.ok) throw new ApiError(response.status, parseProblem(body));
  const auth = body as AuthResponse;
  if (auth.user.role === 'customer') {
    await fetch(`${env.VITE_API_URL}/auth/logout`, {
      method: 'POST',
      credentials: 'include',
      headers: { authorization: `Bearer ${auth.accessToken}` },
    }).catch(() => undefined);
    throw new CustomerRefused();
  }
  setSession(auth);
  return auth.user;
}

export async function logout(): Promise<void> {
  const headers: Record<string, string> = accessToken ? { authorization: `Bearer ${accessToken}` } : {};
  try {
    await fetch(`${env.VITE_API_URL}/auth/logout`, { method: 'POST', credentials: 'include', headers });
  } finally {
    setSession(null);
  }
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

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
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
    return await fetch(`${env.VITE_API_URL}${withQuery(path, options.query)}`, {
      method: options.method ?? 'GET',
      credentials: 'include',
      headers,
      body,
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    // fetch only rejects when no answer arrived: the API is down, unreachable or refused by CORS.
    throw new Error(
      `Could not reach the commerce API at ${env.VITE_API_URL}; check your connection and retry.`,
    );
  }
}

/** Calls the API; answers the parsed body or throws an ApiError with the problem details. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(path, options);
  if (response.status === 401) {
    const user = await refreshSession();
    if (user) response = await send(path, options);
  }
  const body = await readBody(response);
  if (!response.ok) throw new ApiError(response.status, parseProblem(body));
  return body as T;
}
