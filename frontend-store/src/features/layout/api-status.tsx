import { env } from '@/lib/env';

async function apiReachable(): Promise<boolean> {
  try {
    const response = await fetch(`${env.NEXT_PUBLIC_API_URL}/health`, {
      cache: 'no-store',
      signal: AbortSignal.timeout(2000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** Whether the storefront's server reaches the commerce API (the platform smoke test reads it). */
export async function ApiStatus() {
  const reachable = await apiReachable();
  return (
    <p data-testid="api-status">
      Commerce API:{' '}
      <strong className={reachable ? 'text-green-800' : 'text-red-800'}>
        {reachable ? 'reachable' : 'unreachable'}
      </strong>
    </p>
  );
}
