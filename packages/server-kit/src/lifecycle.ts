import type { FastifyInstance } from 'fastify';

/**
 * Listens, then closes the app cleanly on SIGTERM or SIGINT (in-flight requests finish, onClose hooks
 * release connections). A second signal, or a close that hangs, ends the process at once.
 */
export async function serve(app: FastifyInstance, port: number, host = '0.0.0.0', closeTimeoutMs = 10_000) {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) process.exit(1);
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), closeTimeoutMs);
    timer.unref();
    try {
      await app.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  try {
    await app.listen({ port, host });
  } catch (error) {
    app.log.error({ err: error }, 'could not listen');
    process.exit(1);
  }
}
