import type { AuthResponse, User } from '@shopstream/contracts';
import { ApiError, parseProblem } from './problem';

/**
 * Signing in against backend-api, for all three web apps. The access token lives only in memory; the
 * refresh token is the httpOnly cookie backend-api sets on /auth, sent with `credentials: 'include'`.
 * Refresh tokens rotate and presenting a spent one ends the whole session, and every tab of the browser
 * shares the cookie: so a refresh is single-flight within a tab and runs under a Web Lock across tabs (a
 * tab that waited sends the cookie the tab before it just received). The token is renewed silently before
 * it expires, and on a 401.
 */

export type AuthErrorCode =
  | 'invalid-credentials'
  | 'refused'
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

/** Why nobody is signed in: signed out here, the session ended elsewhere or expired, or the account was refused. */
export type SignedOutReason = 'signed-out' | 'expired' | 'refused' | null;

export type AuthState =
  | { status: 'unknown' }
  | { status: 'signed-in'; user: User }
  | { status: 'signed-out'; reason: SignedOutReason };

export const STAFF_ROLES = new Set<User['role']>(['staff', 'admin']);
export const isStaff = (user: User) => STAFF_ROLES.has(user.role);

const UNREACHABLE = 'The sign-in service cannot be reached. Check your connection and try again.';

export interface AuthClientOptions {
  apiUrl: string;
  fetch?: typeof fetch;
  now?: () => number;
  /** The Web Lock's name: one per app, since each app has its own refresh cookie origin and session. */
  lockName: string;
  /** Runs the refresh under a lock shared by the browser's tabs; defaults to navigator.locks when present. */
  withLock?: <T>(run: () => Promise<T>) => Promise<T>;
  /** Refresh this long before the access token expires. */
  refreshMarginMs?: number;
  /** Renew the token on a timer before it expires, so a page left open stays signed in. */
  silentRefresh?: boolean;
  /** A sentence when this app refuses the account (a customer in a staff app); undefined admits it. */
  refuse?: (user: User) => string | undefined;
  setTimer?: (run: () => void, ms: number) => () => void;
}

const browserLock =
  (name: string) =>
  <T>(run: () => Promise<T>): Promise<T> =>
    typeof navigator !== 'undefined' && navigator.locks
      ? (navigator.locks.request(name, run) as Promise<T>)
      : run();

const browserTimer = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

function isAuthResponse(body: unknown): body is AuthResponse {
  const answer = body as Partial<AuthResponse> | null;
  return (
    typeof answer?.accessToken === 'string' &&
    typeof answer.expiresIn === 'number' &&
    typeof answer.user?.id === 'string' &&
    typeof answer.user.role === 'string'
  );
}

async function problemOf(response: Response) {
  try {
    return parseProblem(await response.json());
  } catch {
    return null;
  }
}

export function createAuthClient(options: AuthClientOptions) {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;
  const withLock = options.withLock ?? browserLock(options.lockName);
  const margin = options.refreshMarginMs ?? 30_000;
  const setTimer = options.setTimer ?? browserTimer;

  let state: AuthState = { status: 'unknown' };
  let accessToken: string | null = null;
  let expiresAt = 0;
  // The margin, shrunk for a short-lived token (at most a third of its life), so it is not refreshed on every call.
  let renewBefore = margin;
  let refreshing: Promise<boolean> | null = null;
  let cancelTimer: (() => void) | undefined;
  const listeners = new Set<(state: AuthState) => void>();

  const setState = (next: AuthState) => {
    state = next;
    for (const listener of listeners) listener(state);
  };

  const signOutLocally = (reason: SignedOutReason) => {
    accessToken = null;
    expiresAt = 0;
    cancelTimer?.();
    cancelTimer = undefined;
    setState({ status: 'signed-out', reason });
  };

  const post = (path: string, init: RequestInit = {}) =>
    doFetch(`${options.apiUrl}${path}`, { method: 'POST', credentials: 'include', ...init });

  /** Ends a session on the server without touching this client's state (a refused account's session). */
  const endSession = async (token: string) => {
    try {
      await post('/auth/logout', { headers: { authorization: `Bearer ${token}` } });
    } catch {
      // Best effort: the refresh cookie expires on its own.
    }
  };

  const scheduleRefresh = () => {
    cancelTimer?.();
    if (!options.silentRefresh) return;
    // Never sooner than 5 s, so a very short token lifetime cannot make a refresh loop.
    const delay = Math.max(5_000, expiresAt - renewBefore - now());
    cancelTimer = setTimer(() => {
      void refresh().catch(() => {
        // Unreachable now: the next call that needs a token tries again.
      });
    }, delay);
  };

  /** Accepts a sign-in answer: only an account the app admits keeps a session. */
  const accept = async (body: unknown): Promise<User> => {
    if (!isAuthResponse(body)) throw new AuthError('failed', 'Signing in failed. Try again.');
    const refusal = options.refuse?.(body.user);
    if (refusal) {
      await endSession(body.accessToken);
      signOutLocally('refused');
      throw new AuthError('refused', refusal);
    }
    accessToken = body.accessToken;
    expiresAt = now() + body.expiresIn * 1000;
    renewBefore = Math.min(margin, (body.expiresIn * 1000) / 3);
    setState({ status: 'signed-in', user: body.user });
    scheduleRefresh();
    return body.user;
  };

  const refreshOnce = async (): Promise<boolean> => {
    let answer: { ok: boolean; body: unknown };
    try {
      // The body is read inside the lock too: an answer left unread keeps its request open in the browser.
      answer = await withLock(async () => {
        const response = await post('/auth/refresh');
        const text = await response.text();
        let body: unknown = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          // Not JSON (a proxy's error page): the status says enough.
        }
        // 204: no refresh cookie, so no session to resume (not an error).
        return { ok: response.ok && response.status !== 204, body };
      });
    } catch {
      // The API is unreachable: keep the state, the caller shows an error and may retry.
      throw new AuthError('unreachable', UNREACHABLE);
    }
    if (!answer.ok) {
      signOutLocally(state.status === 'signed-in' ? 'expired' : null);
      return false;
    }
    try {
      await accept(answer.body);
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
    if (accessToken && now() < expiresAt - renewBefore) return accessToken;
    return (await refresh()) ? accessToken : null;
  };

  return {
    getState: () => state,
    subscribe(listener: (state: AuthState) => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    async login(email: string, password: string): Promise<User> {
      let response: Response;
      try {
        response = await post('/auth/login', {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
      } catch {
        throw new AuthError('unreachable', UNREACHABLE);
      }
      if (response.ok) return accept(await response.json());
      const problem = await problemOf(response);
      if (response.status === 401 || response.status === 400) {
        throw new AuthError('invalid-credentials', 'The email or password is not right.');
      }
      if (response.status === 403) {
        throw new AuthError('forbidden', problem?.detail ?? 'This account may not sign in.');
      }
      if (response.status === 429) {
        throw new AuthError('rate-limited', 'Too many attempts. Wait a minute, then try again.');
      }
      throw new AuthError('failed', new ApiError(response.status, problem).message);
    },

    /** Takes a sign-in answer the app got itself (a form that shows the API's own field errors). */
    acceptSignIn: accept,

    /** Restores a session from the refresh cookie, on page load. */
    restore: refresh,

    /** Signed out without asking the API, when the app knows there is no session to restore. */
    assumeSignedOut() {
      if (state.status === 'unknown') setState({ status: 'signed-out', reason: null });
    },

    /** A valid access token, refreshed first when it is about to expire; null when signed out. */
    getAccessToken,

    /** fetch with the bearer token (none when signed out); a 401 gets one refresh and one retry. */
    async fetchAuthorized(url: string, init: RequestInit = {}): Promise<Response> {
      const send = (token: string | null) => {
        const headers = new Headers(init.headers);
        if (token) headers.set('authorization', `Bearer ${token}`);
        return doFetch(url, { credentials: 'include', ...init, headers });
      };
      const signedIn = state.status === 'signed-in';
      const token = signedIn || state.status === 'unknown' ? await getAccessToken() : null;
      const response = await send(token);
      if (response.status !== 401 || !token) return response;
      const renewed = (await refresh()) ? accessToken : null;
      if (!renewed) return response;
      const retried = await send(renewed);
      if (retried.status === 401) signOutLocally('expired');
      return retried;
    },

    /** Replaces the signed-in user (after a profile change). */
    updateUser(user: User) {
      if (state.status === 'signed-in') setState({ status: 'signed-in', user });
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
