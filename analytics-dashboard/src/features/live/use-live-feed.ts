import type { LiveMessage } from '@shopstream/contracts';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type uPlot from 'uplot';
import type { ChartSource } from '../../components/time-series-chart';
import { api, auth } from '../../services';
import {
  type ConnectionState,
  createLiveConnection,
  type LiveConnection,
  type SocketLike,
} from './live-connection';
import { createLiveStore, type LiveState, type LiveStore } from './live-store';

export interface LiveFeed {
  store: LiveStore;
  connection: LiveConnection;
  epsSource: ChartSource;
}

function createLiveFeed(
  site: string | null,
  filters: readonly string[],
  onState: (state: ConnectionState) => void,
): LiveFeed {
  const store = createLiveStore();
  const connection = createLiveConnection<LiveMessage>({
    resolveUrl: (attempt) =>
      api.live.url({ renew: attempt > 0, site, filters }).catch((error: unknown) => {
        // No session any more: stop here; the sign-in guard sends the user to the login page.
        if (auth.getState().status === 'signed-out') return null;
        throw error;
      }),
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    parse: api.live.parse,
    isSnapshot: (message) => message.type === 'snapshot',
    onMessage: (message) => store.apply(message),
    onState,
  });
  // The chart reads the store directly and redraws only when the series itself changed.
  let lastEps: LiveState['eps'] | null = null;
  const epsSource: ChartSource = {
    subscribe: (listener) =>
      store.subscribe(() => {
        const eps = store.getState().eps;
        if (eps === lastEps) return;
        lastEps = eps;
        listener();
      }),
    getData: () => {
      const { eps } = store.getState();
      return [eps.t, eps.rate] as uPlot.AlignedData;
    },
  };
  return { store, connection, epsSource };
}

/**
 * Opens the live feed of a site (null: the dashboard's own) under the URL's filters while the screen is
 * shown, and closes it when it is left.
 */
export function useLiveFeed(
  site: string | null,
  filters: readonly string[] = [],
): { feed: LiveFeed; state: ConnectionState } {
  const [state, setState] = useState<ConnectionState>({
    status: 'idle',
    attempt: 0,
    retryAt: null,
    lastMessageAt: null,
    reason: null,
  });
  const filterKey = filters.join('\n');
  // Keyed by the filters' text: a new array with the same filters keeps the connection.
  const feed = useMemo(
    () => createLiveFeed(site, filterKey ? filterKey.split('\n') : [], setState),
    [site, filterKey],
  );
  useEffect(() => {
    feed.connection.start();
    const online = () => feed.connection.retryNow();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      feed.connection.stop();
    };
  }, [feed]);
  return { feed, state };
}

/** A panel subscribes to one slice; a tick that leaves the slice unchanged does not re-render it. */
export function useLiveSelector<T>(store: LiveStore, select: (state: LiveState) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
