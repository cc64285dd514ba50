import { useEffect, useState } from 'react';

export type ServiceState = 'checking' | 'reachable' | 'unreachable';

/** Asks a service's /health once; aborting (the component went away) leaves the state alone. */
export async function checkHealth(url: string, signal: AbortSignal, doFetch: typeof fetch = fetch) {
  try {
    const response = await doFetch(`${url}/health`, { signal });
    return response.ok ? 'reachable' : 'unreachable';
  } catch (error) {
    if (signal.aborted) throw error;
    return 'unreachable';
  }
}

/** Says whether a service's /health answers, checked from the browser, and again every `everyMs` when given. */
export function ServiceStatus({
  name,
  url,
  everyMs,
  colours = { reachable: '#166534', unreachable: '#991b1b', checking: '#334155' },
}: {
  name: string;
  url: string;
  everyMs?: number;
  colours?: Record<ServiceState, string>;
}) {
  const [state, setState] = useState<ServiceState>('checking');
  useEffect(() => {
    const controller = new AbortController();
    const check = () =>
      checkHealth(url, controller.signal).then(setState, () => {
        // Aborted: the component is gone.
      });
    void check();
    // Checked again now and then, so a service that goes away (or comes back) shows here.
    const timer = everyMs ? setInterval(check, everyMs) : undefined;
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [url, everyMs]);
  return (
    <p data-testid={`status-${name.toLowerCase().replaceAll(' ', '-')}`}>
      {name} ({url}): <strong style={{ color: colours[state] }}>{state}</strong>
    </p>
  );
}
