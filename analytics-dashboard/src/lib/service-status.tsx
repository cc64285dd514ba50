import { useEffect, useState } from 'react';

type State = 'checking' | 'reachable' | 'unreachable';

/** Says whether a service's /health answers, checked from the browser every 30 seconds. */
export function ServiceStatus({ name, url }: { name: string; url: string }) {
  const [state, setState] = useState<State>('checking');
  useEffect(() => {
    const controller = new AbortController();
    const check = () =>
      fetch(`${url}/health`, { signal: controller.signal })
        .then((response) => setState(response.ok ? 'reachable' : 'unreachable'))
        .catch(() => {
          if (!controller.signal.aborted) setState('unreachable');
        });
    void check();
    // Checked again now and then, so a service that goes away (or comes back) shows here.
    const timer = setInterval(check, 30_000);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [url]);
  // Theme colours (see styles.css), readable on the light and the dark background.
  const colour =
    state === 'reachable' ? 'var(--good)' : state === 'unreachable' ? 'var(--bad)' : 'var(--text-muted)';
  return (
    <p data-testid={`status-${name.toLowerCase().replaceAll(' ', '-')}`}>
      {name} ({url}): <strong style={{ color: colour }}>{state}</strong>
    </p>
  );
}
