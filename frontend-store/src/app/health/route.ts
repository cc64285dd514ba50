// For health checks (the Docker image's HEALTHCHECK, a load balancer): answers while the server runs.
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok' });
}
