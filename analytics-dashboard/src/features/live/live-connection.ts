/**
 * The live feed's connection: reconnects with exponential backoff and jitter, waits for the fresh snapshot
 * the server sends on every (re)connection, notices a silent connection, and reports its state. No React and
 * no real socket in here: the socket, the timers and the random source are injected, so the state machine
 * is tested as is.
 */

import { type BackoffOptions, backoffDelay } from '@shopstream/web-kit';

/** The part of the browser's WebSocket this client uses. */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'live' | 'waiting' | 'stopped' | 'refused';

export interface ConnectionState {
  /** connecting → open (socket up, no snapshot yet) → live (snapshot received); waiting = before a retry. */
  status: ConnectionStatus;
  /** Failed attempts in a row; 0 once a snapshot has arrived. */
  attempt: number;
  /** When the next attempt starts (ms since epoch), while waiting. */
  retryAt: number | null;
  lastMessageAt: number | null;
  /** Why the last connection ended, in words for the indicator. */
  reason: string | null;
}

export interface LiveConnectionOptions<Message> {
  /**
   * The address for the next attempt, asked anew each time so it carries a fresh access token; null when
   * there is no session any more (the connection then stops as refused). `attempt` counts the failures
   * before it: a browser does not say why a WebSocket upgrade failed, so after a failure the token may
   * have been the reason and is better renewed.
   */
  resolveUrl: (attempt: number) => Promise<string | null>;
  createSocket: (url: string) => SocketLike;
  /** Validates a raw frame; null for one that is not understood (ignored). */
  parse: (data: unknown) => Message | null;
  isSnapshot: (message: Message) => boolean;
  onMessage: (message: Message) => void;
  onState: (state: ConnectionState) => void;
  /** With a tick every second, this long without any frame means the connection is dead though still open. */
  silenceMs?: number;
  backoff?: BackoffOptions;
  now?: () => number;
  random?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export interface LiveConnection {
  start(): void;
  stop(): void;
  /** Try now instead of waiting for the backoff (the browser came back online, or the user asked). */
  retryNow(): void;
  getState(): ConnectionState;
}

export function createLiveConnection<Message>(options: LiveConnectionOptions<Message>): LiveConnection {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const setTimer = options.setTimer ?? ((callback: () => void, ms: number) => setTimeout(callback, ms));
  const clearTimer =
    options.clearTimer ?? ((timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const silenceMs = options.silenceMs ?? 5_000;

  let state: ConnectionState = {
    status: 'idle',
    attempt: 0,
    retryAt: null,
    lastMessageAt: null,
    reason: null,
  };
  let socket: SocketLike | null = null;
  let retryTimer: unknown = null;
  let silenceTimer: unknown = null;
  /** Bumped for every socket, so events of an abandoned socket are ignored. */
  let generation = 0;

  const update = (patch: Partial<ConnectionState>) => {
    state = { ...state, ...patch };
    options.onState(state);
  };

  const clearTimers = () => {
    if (retryTimer !== null) clearTimer(retryTimer);
    if (silenceTimer !== null) clearTimer(silenceTimer);
    retryTimer = null;
    silenceTimer = null;
  };

  const detach = () => {
    if (!socket) return;
    const old = socket;
    socket = null;
    old.onopen = old.onmessage = old.onclose = old.onerror = null;
    try {
      old.close(1000, 'client closing');
    } catch {
      // Closing a socket that never opened may throw in some browsers; it is being abandoned anyway.
    }
  };

  const armSilence = (mine: number) => {
    if (silenceTimer !== null) clearTimer(silenceTimer);
    silenceTimer = setTimer(() => {
      if (mine !== generation) return;
      lost('no data from the server for a while');
    }, silenceMs);
  };

  const scheduleRetry = (reason: string) => {
    const delay = backoffDelay(state.attempt, random, options.backoff);
    update({ status: 'waiting', retryAt: now() + delay, reason, attempt: state.attempt + 1 });
    retryTimer = setTimer(() => {
      retryTimer = null;
      connect();
    }, delay);
  };

  const lost = (reason: string) => {
    generation += 1;
    clearTimers();
    detach();
    scheduleRetry(reason);
  };

  const connect = () => {
    clearTimers();
    detach();
    const mine = ++generation;
    update({ status: 'connecting', retryAt: null });
    options.resolveUrl(state.attempt).then(
      (url) => {
        if (mine !== generation) return;
        if (url === null) update({ status: 'refused', reason: 'signed out' });
        else open(url, mine);
      },
      () => {
        if (mine === generation) scheduleRetry('could not renew the session');
      },
    );
  };

  const open = (url: string, mine: number) => {
    let created: SocketLike;
    try {
      created = options.createSocket(url);
    } catch {
      scheduleRetry('could not open a connection');
      return;
    }
    socket = created;
    armSilence(mine);
    created.onopen = () => {
      if (mine === generation) update({ status: 'open' });
    };
    created.onmessage = (event) => {
      if (mine !== generation) return;
      armSilence(mine);
      const message = options.parse(event.data);
      if (message === null) return;
      if (options.isSnapshot(message)) {
        update({ status: 'live', attempt: 0, lastMessageAt: now(), reason: null });
      } else if (state.status !== 'live') {
        // Until a snapshot has arrived, ticks would be applied to stale numbers.
        return;
      } else {
        state = { ...state, lastMessageAt: now() };
      }
      options.onMessage(message);
    };
    created.onerror = () => {
      // Browsers follow an error with a close event; the retry is decided there.
    };
    created.onclose = (event) => {
      if (mine !== generation) return;
      generation += 1;
      clearTimers();
      socket = null;
      // A refused token also ends here (the upgrade fails with 401): the next attempt asks for a fresh one.
      scheduleRetry(
        event.reason || (event.code === 1006 ? 'connection lost' : `connection closed (${event.code})`),
      );
    };
  };

  return {
    start() {
      if (state.status !== 'idle' && state.status !== 'stopped') return;
      update({ attempt: 0, reason: null });
      connect();
    },
    stop() {
      generation += 1;
      clearTimers();
      detach();
      update({ status: 'stopped', retryAt: null });
    },
    retryNow() {
      if (state.status === 'waiting' || state.status === 'refused') connect();
    },
    getState: () => state,
  };
}
