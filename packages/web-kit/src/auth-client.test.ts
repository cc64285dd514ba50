import type { AuthResponse, User } from '@shopstream/contracts';
import { describe, expect, it } from 'vitest';
import { AuthError, type AuthState, createAuthClient, isStaff } from './auth-client';

function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: '5f0c8a52-8a8e-4c3e-9d51-6a1c2b3d4e5f',
    email: 'sam@shop.test',
    name: 'Sam',
    role: 'staff',
    emailVerified: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function makeSignedIn(overrides: Partial<AuthResponse> = {}): AuthResponse {
  return { accessToken: 'access-1', tokenType: 'Bearer', expiresIn: 900, user: makeUser(), ...overrides };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

interface Call {
  url: string;
  init: RequestInit;
}

/** A backend-api stand-in: each path answers from a queue of responses (the last one repeats). */
function fakeApi(routes: Record<string, (() => Response)[]>) {
  const calls: Call[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, init });
    const path = url.replace('http://api.test', '');
    const queue = routes[path];
    if (!queue?.length) throw new TypeError('Failed to fetch');
    const answer = queue.length > 1 ? queue.shift()! : queue[0]!;
    return answer();
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    calls,
    paths: () => calls.map((c) => c.url.replace('http://api.test', '')),
  };
}

function makeClient(api: ReturnType<typeof fakeApi>, clock = { now: 0 }) {
  const client = createAuthClient({
    apiUrl: 'http://api.test',
    fetch: api.fetch,
    now: () => clock.now,
    lockName: 'test',
    withLock: (run) => run(),
    refuse: (user) => (isStaff(user) ? undefined : 'This dashboard is for shop staff.'),
  });
  const states: AuthState[] = [];
  client.subscribe((state) => states.push(state));
  return { client, states, clock };
}

describe('login', () => {
  it('signs staff in, with the refresh cookie sent and kept', async () => {
    const api = fakeApi({ '/auth/login': [() => json(200, makeSignedIn())] });
    const { client } = makeClient(api);
    const user = await client.login('sam@shop.test', 'correct horse');
    expect(user.role).toBe('staff');
    expect(client.getState()).toEqual({ status: 'signed-in', user });
    expect(api.calls[0]!.init.credentials).toBe('include');
    expect(JSON.parse(String(api.calls[0]!.init.body))).toEqual({
      email: 'sam@shop.test',
      password: 'correct horse',
    });
    expect(await client.getAccessToken()).toBe('access-1');
  });

  it('refuses a customer account with a clear message and ends the session it opened', async () => {
    const api = fakeApi({
      '/auth/login': [
        () =>
          json(200, makeSignedIn({ accessToken: 'customer-token', user: makeUser({ role: 'customer' }) })),
      ],
      '/auth/logout': [() => new Response(null, { status: 204 })],
      '/auth/refresh': [() => json(401, {})],
    });
    const { client } = makeClient(api);
    const error = await client.login('shopper@mail.test', 'password123').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('refused');
    expect((error as AuthError).message).toMatch(/for shop staff/);
    expect(api.paths()).toEqual(['/auth/login', '/auth/logout']);
    expect(new Headers(api.calls[1]!.init.headers).get('authorization')).toBe('Bearer customer-token');
    expect(client.getState()).toEqual({ status: 'signed-out', reason: 'refused' });
    expect(await client.getAccessToken()).toBeNull();
  });

  it('says what went wrong: wrong password, too many attempts, API down', async () => {
    const problem = (status: number) => () => json(status, { type: 'about:blank', title: 'x', status });
    const wrong = makeClient(fakeApi({ '/auth/login': [problem(401)] })).client;
    await expect(wrong.login('a@b.test', 'x')).rejects.toMatchObject({ code: 'invalid-credentials' });
    const limited = makeClient(fakeApi({ '/auth/login': [problem(429)] })).client;
    await expect(limited.login('a@b.test', 'x')).rejects.toMatchObject({ code: 'rate-limited' });
    const down = makeClient(fakeApi({})).client;
    await expect(down.login('a@b.test', 'x')).rejects.toMatchObject({ code: 'unreachable' });
  });
});

describe('restore and refresh', () => {
  it('restores a staff session from the refresh cookie', async () => {
    const api = fakeApi({ '/auth/refresh': [() => json(200, makeSignedIn())] });
    const { client } = makeClient(api);
    expect(await client.restore()).toBe(true);
    expect(client.getState().status).toBe('signed-in');
    expect(api.calls[0]!.init.credentials).toBe('include');
  });

  it('is signed out, without an "expired" message, when there is no session to restore', async () => {
    const { client } = makeClient(fakeApi({ '/auth/refresh': [() => json(401, {})] }));
    expect(await client.restore()).toBe(false);
    expect(client.getState()).toEqual({ status: 'signed-out', reason: null });
  });

  it('is signed out when the API answers 204 (no refresh cookie, so nothing to resume)', async () => {
    const { client } = makeClient(fakeApi({ '/auth/refresh': [() => new Response(null, { status: 204 })] }));
    expect(await client.restore()).toBe(false);
    expect(client.getState()).toEqual({ status: 'signed-out', reason: null });
  });

  it('sends a rotating refresh token only once when several callers need a token together', async () => {
    const api = fakeApi({ '/auth/refresh': [() => json(200, makeSignedIn())] });
    const { client } = makeClient(api);
    const tokens = await Promise.all([client.getAccessToken(), client.getAccessToken(), client.restore()]);
    expect(tokens).toEqual(['access-1', 'access-1', true]);
    expect(api.paths()).toEqual(['/auth/refresh']);
  });

  it('refreshes the access token shortly before it expires', async () => {
    const api = fakeApi({
      '/auth/login': [() => json(200, makeSignedIn({ expiresIn: 900 }))],
      '/auth/refresh': [() => json(200, makeSignedIn({ accessToken: 'access-2' }))],
    });
    const { client, clock } = makeClient(api);
    await client.login('sam@shop.test', 'pw');
    clock.now = 860_000;
    expect(await client.getAccessToken()).toBe('access-1');
    clock.now = 880_000;
    expect(await client.getAccessToken()).toBe('access-2');
  });

  it('keeps using a short-lived token for its first two thirds instead of refreshing on every call', async () => {
    const api = fakeApi({
      '/auth/login': [() => json(200, makeSignedIn({ expiresIn: 30 }))],
      '/auth/refresh': [() => json(200, makeSignedIn({ accessToken: 'access-2', expiresIn: 30 }))],
    });
    const { client, clock } = makeClient(api);
    await client.login('sam@shop.test', 'pw');
    clock.now = 19_000;
    expect(await client.getAccessToken()).toBe('access-1');
    clock.now = 21_000;
    expect(await client.getAccessToken()).toBe('access-2');
    expect(api.paths()).toEqual(['/auth/login', '/auth/refresh']);
  });
});

describe('fetchAuthorized', () => {
  it('sends the bearer token', async () => {
    const api = fakeApi({
      '/auth/login': [() => json(200, makeSignedIn())],
      '/reports/x': [() => json(200, {})],
    });
    const { client } = makeClient(api);
    await client.login('sam@shop.test', 'pw');
    const response = await client.fetchAuthorized('http://api.test/reports/x');
    expect(response.status).toBe(200);
    expect(new Headers(api.calls[1]!.init.headers).get('authorization')).toBe('Bearer access-1');
  });

  it('refreshes once on a 401 and retries with the new token', async () => {
    const api = fakeApi({
      '/auth/login': [() => json(200, makeSignedIn())],
      '/auth/refresh': [() => json(200, makeSignedIn({ accessToken: 'access-2' }))],
      '/reports/x': [() => json(401, {}), () => json(200, { ok: true })],
    });
    const { client } = makeClient(api);
    await client.login('sam@shop.test', 'pw');
    const response = await client.fetchAuthorized('http://api.test/reports/x');
    expect(response.status).toBe(200);
    expect(api.paths()).toEqual(['/auth/login', '/reports/x', '/auth/refresh', '/reports/x']);
    expect(new Headers(api.calls[3]!.init.headers).get('authorization')).toBe('Bearer access-2');
  });

  it('sends the user back to sign in, saying the session expired, when the refresh fails', async () => {
    const api = fakeApi({
      '/auth/login': [() => json(200, makeSignedIn())],
      '/auth/refresh': [() => json(401, {})],
      '/reports/x': [() => json(401, {})],
    });
    const { client, states } = makeClient(api);
    await client.login('sam@shop.test', 'pw');
    const response = await client.fetchAuthorized('http://api.test/reports/x');
    expect(response.status).toBe(401);
    expect(states.at(-1)).toEqual({ status: 'signed-out', reason: 'expired' });
  });
});

it('logs out on the server and forgets the token', async () => {
  const api = fakeApi({
    '/auth/login': [() => json(200, makeSignedIn())],
    '/auth/logout': [() => new Response(null, { status: 204 })],
  });
  const { client } = makeClient(api);
  await client.login('sam@shop.test', 'pw');
  await client.logout();
  expect(client.getState()).toEqual({ status: 'signed-out', reason: 'signed-out' });
  expect(api.calls[1]!.init.credentials).toBe('include');
  expect(new Headers(api.calls[1]!.init.headers).get('authorization')).toBe('Bearer access-1');
});

/**
 * backend-api's refresh as two tabs of one browser meet it: one cookie jar, tokens that rotate, and a
 * spent token presented again ends the whole session (no grace window here, so only the lock can help).
 */
function rotatingApi() {
  const jar = { refresh: 'r1' };
  let issued = 1;
  let sessionEnded = false;
  const spent = new Set<string>();
  const fetch = async (input: RequestInfo | URL) => {
    const path = String(input).replace('http://api.test', '');
    if (path !== '/auth/refresh') throw new TypeError('Failed to fetch');
    const presented = jar.refresh;
    // The network takes a moment: both tabs' requests are in flight together without a lock.
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (sessionEnded || spent.has(presented)) {
      sessionEnded = true;
      return json(401, { type: 'about:blank', title: 'Authentication required', status: 401 });
    }
    spent.add(presented);
    issued += 1;
    jar.refresh = `r${issued}`;
    return json(200, makeSignedIn({ accessToken: `access-${issued}`, expiresIn: 60 }));
  };
  return { fetch: fetch as typeof globalThis.fetch, ended: () => sessionEnded };
}

/** navigator.locks as the browser runs it: one holder at a time per name, across every tab. */
function sharedLock() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(run);
    tail = result.catch(() => undefined);
    return result;
  };
}

describe('two tabs', () => {
  const tab = (api: ReturnType<typeof rotatingApi>, withLock: <T>(run: () => Promise<T>) => Promise<T>) =>
    createAuthClient({ apiUrl: 'http://api.test', fetch: api.fetch, lockName: 'test', withLock });

  it('keeps both tabs signed in when they refresh at the same moment, under the shared lock', async () => {
    const api = rotatingApi();
    const lock = sharedLock();
    const [first, second] = [tab(api, lock), tab(api, lock)];
    expect(await Promise.all([first.restore(), second.restore()])).toEqual([true, true]);
    expect(await Promise.all([first.restore(), second.restore()])).toEqual([true, true]);
    expect(api.ended()).toBe(false);
    expect(first.getState().status).toBe('signed-in');
    expect(second.getState().status).toBe('signed-in');
  });

  it('ends the session when two tabs refresh together without the lock (why the lock is there)', async () => {
    const api = rotatingApi();
    const [first, second] = [tab(api, (run) => run()), tab(api, (run) => run())];
    const restored = await Promise.all([first.restore(), second.restore()]);
    expect(restored).toContain(false);
    expect(api.ended()).toBe(true);
  });
});

describe('silent refresh', () => {
  it('renews the token on a timer before it expires, and stops on sign-out', async () => {
    const timers: { run: () => void; ms: number; cancelled: boolean }[] = [];
    const api = fakeApi({
      '/auth/login': [() => json(200, makeSignedIn({ expiresIn: 900 }))],
      '/auth/refresh': [() => json(200, makeSignedIn({ accessToken: 'access-2', expiresIn: 900 }))],
      '/auth/logout': [() => new Response(null, { status: 204 })],
    });
    const client = createAuthClient({
      apiUrl: 'http://api.test',
      fetch: api.fetch,
      now: () => 0,
      lockName: 'test',
      withLock: (run) => run(),
      silentRefresh: true,
      setTimer: (run, ms) => {
        const timer = { run, ms, cancelled: false };
        timers.push(timer);
        return () => {
          timer.cancelled = true;
        };
      },
    });
    await client.login('sam@shop.test', 'pw');
    expect(timers[0]?.ms).toBe(870_000);
    timers[0]?.run();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(api.paths()).toEqual(['/auth/login', '/auth/refresh']);
    expect(await client.getAccessToken()).toBe('access-2');
    await client.logout();
    expect(timers.at(-1)?.cancelled).toBe(true);
  });
});
