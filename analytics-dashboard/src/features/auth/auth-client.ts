import { AuthResponse, ProblemDetails, type User } from '@shopstream/contracts';

/**
 * Staff sign-in against backend-api. The access token lives only in memory; the refresh token is the
 * httpOnly cookie backend-api sets on /auth, sent with `credentials: 'include'`. Refresh tokens rotate and
 * a reused one ends the whole session, so refreshes are single-flight here and, across tabs, run under a
 * Web Lock where the browser has them.
 */

export type AuthErrorCode =
  | 'invalid-credentials'
  | 'not-staff'
  | 'forbidden'
  | 'rate-limited'
  | 'unreachable'
  | 'failed';

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

export type SignedOutReason = 'signed-out' | 'expired' | 'not-staff' | null;

export type AuthState =
  | { status: 'unknown' }
  | { status: 'signed-in'; user: User }
  | { status: 'signed-out'; reason: SignedOutReason };

export const STAFF_ROLES = new Set<User['role']>(['staff', 'admin']);
export const isStaff = (user: User) => STAFF_ROLES.has(user.role);

export const NOT_STAFF_MESSAGE =
  'This dashboard is for shop staff. Customer accounts cannot sign in here; use the storefront instead.';

export interface AuthClientOptions {
  apiUrl: string;
  fetch?: typeof fetch;
  now?: () => number;
  /** Runs the refresh under a lock shared by the browser's tabs; defaults to navigator.locks when present. */
  withLock?: <T>(run: () => Promise<T>) => Promise<T>;
  /** Refresh this long before the access token expires. */
  refreshMarginMs?: number;
}

const browserLock = <T>(run: () => Promise<T>): Promise<T> =>
  typeof navigator !== 'undefined' && navigator.locks
    ? (navigator.locks.request('shopstream-analytics-auth-refresh', run) as Promise<T>)
    : run();

async function problemDetail(response: Response): Promise<string | undefined> {
  try {
    const problem = ProblemDetails.safeParse(await response.json());
    return problem.success ? (problem.data.detail ?? problem.data.title) : undefined;
  } catch {
    return undefined;
  }
}

export function createAuthClient(options: AuthClientOptions) {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;
  const withLock = options.withLock ?? browserLock;
  const margin = options.refreshMarginMs ?? 30_000;

  let state: AuthState = { status: 'unknown' };
  let accessToken: string | null = null;
  let expiresAt = 0;
  let refreshing: Promise<boolean> | null = null;
  const listeners = new Set<(state: AuthState) => void>();

  const setState = (next: AuthState) => {
    state = next;
    for (const listener of listeners) listener(state);
  };

  const signOutLocally = (reason: SignedOutReason) => {
    accessToken = null;
    expiresAt = 0;
    setState({ status: 'signed-out', reason });
  };

  const post = (path: string, init: RequestInit = {}) =>
    doFetch(`${options.apiUrl}${path}`, { method: 'POST', credentials: 'include', ...init });

  /** Ends a session on the server without touching this client's state (a refused customer's session). */
  const endSession = async (token: string) => {
    try {
      await post('/auth/logout', { headers: { authorization: `Bearer ${token}` } });
    } catch {
      // Best effort: the refresh cookie expires on its own.
    }
  };

  /** Accepts a sign-in answer: only staff keep a session. */
  const accept = async (body: unknown): Promise<User> => {
    const signed = AuthResponse.parse(body);
    if (!isStaff(signed.user)) {
      await endSession(signed.accessToken);
      signOutLocally('not-staff');
      throw new AuthError('not-staff', NOT_STAFF_MESSAGE);
    }
    accessToken = signed.accessToken;
    expiresAt = now() + signed.expiresIn * 1000;
    setState({ status: 'signed-in', user: signed.user });
    return signed.user;
  };

  const refreshOnce = async (): Promise<boolean> => {
    let response: Response;
    try {
      response = await withLock(() => post('/auth/refresh'));
    } catch {
      // The API is unreachable: keep the state, the caller shows an error and may retry.
      throw new AuthError(
        'unreachable',
        'The sign-in service cannot be reached. Check your connection and try again.',
      );
    }
    if (!response.ok) {
      signOutLocally(state.status === 'signed-in' ? 'expired' : null);
      return false;
    }
    try {
      await accept(await response.json());
      return true;
    } catch (error) {
      if (error instanceof AuthError) return false;
      signOutLocally(null);
      return false;
    }
  };

  const refresh = (): Promise<boolean> => {
    refreshing ??= refreshOnce().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };

  const getAccessToken = async (): Promise<string | null> => {
    if (accessToken && now() < expiresAt - margin) return accessToken;
    return (await refresh()) ? accessToken : null;
  };

  return {
    getState: () => state,
    subscribe(listener: (state: AuthState) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async login(email: string, password: string): Promise<User> {
      let response: Response;
      try {
        response = await post('/auth/login', {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
      } catch {
        throw new AuthError(
          'unreachable',
          'The sign-in service cannot be reached. Check your connection and try again.',
        );
      }
      if (response.ok) return accept(await response.json());
      const detail = await problemDetail(response);
      if (response.status === 401 || response.status === 400) {
        throw new AuthError('invalid-credentials', 'The email or password is not right.');
      }
      if (response.status === 403)
        throw new AuthError('forbidden', detail ?? 'This account may not sign in.');
      if (response.status === 429) {
        throw new AuthError('rate-limited', 'Too many attempts. Wait a minute, then try again.');
      }
      throw new AuthError('failed', detail ?? `Signing in failed (${response.status}). Try again.`);
    },

    /** Restores a session from the refresh cookie, on page load. */
    restore: refresh,

    /** A valid access token, refreshed first when it is about to expire; null when signed out. */
    getAccessToken,

    /** fetch with the bearer token; a 401 gets one refresh and one retry, then the session counts as expired. */
    async fetchAuthorized(url: string, init: RequestInit = {}): Promise<Response> {
      const send = (token: string) => {
        const headers = new Headers(init.headers);
        headers.set('authorization', `Bearer ${token}`);
        return doFetch(url, { ...init, headers });
      };
      const token = await getAccessToken();
      if (!token) {
        signOutLocally('expired');
        throw new AuthError('failed', 'Your session has ended. Sign in again.');
      }
      const response = await send(token);
      if (response.status !== 401) return response;
      const renewed = (await refresh()) ? accessToken : null;
      if (!renewed) {
        signOutLocally('expired');
        return response;
      }
      const retried = await send(renewed);
      if (retried.status === 401) signOutLocally('expired');
      return retried;
    },

    async logout(): Promise<void> {
      const token = accessToken;
      signOutLocally('signed-out');
      try {
        await post('/auth/logout', token ? { headers: { authorization: `Bearer ${token}` } } : {});
      } catch {
        // Signed out here either way; the server session ends when its refresh token expires.
      }
    },
  };
}
export type AuthClient = ReturnType<typeof createAuthClient>;
