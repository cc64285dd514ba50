// Starts, in this child process, the commerce API on a freshly migrated and seeded database and a bare
// Fastify "hello" route, then prints their URLs as one JSON line. SIGTERM closes both and drops the database.
import Fastify from 'fastify';
import { DEMO_ACCOUNTS } from '../../backend-api/src/db/seed';
import { startBenchApi } from '../support/bench-api';

const { url: apiUrl, close } = await startBenchApi();
const hello = Fastify({ logger: false });
hello.get('/hello', async () => ({ hello: 'world' }));

const helloUrl = await hello.listen({ port: Number(process.env.BENCH_HELLO_PORT ?? 0), host: '127.0.0.1' });
const staff = DEMO_ACCOUNTS.find((account) => account.role === 'staff')!;
process.stdout.write(
  `${JSON.stringify({ apiUrl, helloUrl, staff: { email: staff.email, password: staff.password } })}\n`,
);

process.on('SIGTERM', async () => {
  await Promise.allSettled([close(), hello.close()]);
  process.exit(0);
});
