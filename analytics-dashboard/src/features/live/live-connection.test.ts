import { describe, expect, it } from 'vitest';
import { type ConnectionState, createLiveConnection, type SocketLike } from './live-connection';

class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  closed = false;
  constructor(readonly url: string) {}
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.({});
  }
  receive(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code = 1006, reason = '') {
    this.onclose?.({ code, reason });
  }
}

type Message = { type: 'snapshot' | 'update'; n: number };

/** A clock and timers driven by the test; the session hands out a new token for every attempt. */
function harness(session: { signedIn: boolean; failing?: boolean } = { signedIn: true }) {
  let clock = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  let nextTimer = 1;
  const sockets: FakeSocket[] = [];
  const states: ConnectionState[] = [];
  const messages: Message[] = [];
  let tokens = 0;
  const attempts: number[] = [];
  const connection = createLiveConnection<Message>({
    resolveUrl: async (attempt) => {
      attempts.push(attempt);
      if (session.failing) throw new Error('network');
      return session.signedIn ? `ws://test/ws?token=t${++tokens}` : null;
    },
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    parse: (data) => {
      try {
        return JSON.parse(String(data)) as Message;
      } catch {
        return null;
      }
    },
    isSnapshot: (message) => message.type === 'snapshot',
    onMessage: (message) => messages.push(message),
    onState: (state) => states.push(state),
    silenceMs: 5000,
    now: () => clock,
    random: () => 1,
    setTimer: (callback, ms) => {
      const id = nextTimer++;
      timers.set(id, { at: clock + ms, callback });
      return id;
    },
    clearTimer: (id) => timers.delete(id as number),
  });
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  const advance = async (ms: number) => {
    const until = clock + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      clock = due[1].at;
      due[1].callback();
      await flush();
    }
    clock = until;
  };
  const start = async () => {
    connection.start();
    await flush();
  };
  const last = () => sockets[sockets.length - 1]!;
  return {
    connection,
    attempts,
    sockets,
    states,
    messages,
    advance,
    flush,
    start,
    last,
    state: () => connection.getState(),
  };
}

describe('createLiveConnection', () => {
  it('tells the address resolver how many attempts failed before, so it can renew a refused token', async () => {
    const h = harness();
    await h.start();
    h.last().drop();
    await h.advance(500);
    h.last().drop();
    await h.advance(1000);
    h.last().open();
    h.last().receive({ type: 'snapshot', n: 1 });
    h.last().drop();
    await h.advance(500);
    // A snapshot resets the count; the drop after it is one failure again.
    expect(h.attempts).toEqual([0, 1, 2, 1]);
  });

  it('connects with a fresh token and is live only once the snapshot has arrived', async () => {
    const h = harness();
    await h.start();
    expect(h.last().url).toBe('ws://test/ws?token=t1');
    expect(h.state().status).toBe('connecting');
    h.last().open();
    expect(h.state().status).toBe('open');
    h.last().receive({ type: 'update', n: 1 });
    expect(h.messages).toEqual([]);
    h.last().receive({ type: 'snapshot', n: 2 });
    h.last().receive({ type: 'update', n: 3 });
    expect(h.state().status).toBe('live');
    expect(h.messages.map((m) => m.n)).toEqual([2, 3]);
  });

  it('retries with growing delays, a new token each time, and waits for a fresh snapshot', async () => {
    const h = harness();
    await h.start();
    h.last().drop();
    expect(h.state()).toMatchObject({
      status: 'waiting',
      attempt: 1,
      retryAt: 500,
      reason: 'connection lost',
    });
    await h.advance(499);
    expect(h.sockets).toHaveLength(1);
    await h.advance(1);
    expect(h.sockets).toHaveLength(2);
    expect(h.last().url).toBe('ws://test/ws?token=t2');
    h.last().drop();
    expect(h.state()).toMatchObject({ status: 'waiting', attempt: 2, retryAt: 500 + 1000 });
    await h.advance(1000);
    h.last().open();
    h.last().receive({ type: 'snapshot', n: 7 });
    expect(h.state()).toMatchObject({ status: 'live', attempt: 0 });
    // Losing a live connection starts again from the shortest delay.
    h.last().drop();
    expect(h.state()).toMatchObject({ status: 'waiting', attempt: 1, retryAt: 1500 + 500 });
    await h.advance(500);
    h.last().open();
    h.last().receive({ type: 'update', n: 8 });
    expect(h.messages.map((m) => m.n)).toEqual([7]);
    h.last().receive({ type: 'snapshot', n: 9 });
    expect(h.messages.map((m) => m.n)).toEqual([7, 9]);
  });

  it('gives up on a connection that goes silent and opens a new one', async () => {
    const h = harness();
    await h.start();
    h.last().open();
    h.last().receive({ type: 'snapshot', n: 1 });
    await h.advance(4000);
    h.last().receive({ type: 'update', n: 2 });
    await h.advance(4999);
    expect(h.state().status).toBe('live');
    await h.advance(1);
    expect(h.sockets[0]!.closed).toBe(true);
    expect(h.state()).toMatchObject({ status: 'waiting', reason: 'no data from the server for a while' });
    await h.advance(500);
    expect(h.sockets).toHaveLength(2);
  });

  it('ignores frames it does not understand and events of abandoned sockets', async () => {
    const h = harness();
    await h.start();
    const first = h.last();
    first.open();
    first.onmessage?.({ data: 'not json' });
    first.drop();
    await h.advance(500);
    first.receive({ type: 'snapshot', n: 1 });
    expect(h.messages).toEqual([]);
    expect(h.state().status).toBe('connecting');
  });

  it('stops as refused when the session has ended, and backs off when the token cannot be had', async () => {
    const signedOut = harness({ signedIn: false });
    await signedOut.start();
    expect(signedOut.state()).toMatchObject({ status: 'refused', reason: 'signed out' });
    expect(signedOut.sockets).toHaveLength(0);

    const session = { signedIn: true, failing: true };
    const offline = harness(session);
    await offline.start();
    expect(offline.state()).toMatchObject({ status: 'waiting', reason: 'could not renew the session' });
    session.failing = false;
    await offline.advance(500);
    expect(offline.sockets).toHaveLength(1);
  });

  it('stops for good and closes the socket', async () => {
    const h = harness();
    await h.start();
    h.connection.stop();
    expect(h.sockets[0]!.closed).toBe(true);
    expect(h.state().status).toBe('stopped');
    await h.advance(60_000);
    expect(h.sockets).toHaveLength(1);
  });

  it('retries at once when asked, without waiting for the backoff', async () => {
    const h = harness();
    await h.start();
    h.last().drop();
    h.connection.retryNow();
    await h.flush();
    expect(h.sockets).toHaveLength(2);
    expect(h.state().status).toBe('connecting');
  });
});
