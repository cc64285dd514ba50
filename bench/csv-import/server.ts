// Starts, in this child process, the commerce API on a freshly migrated and seeded database and prints its
// URL and a staff login as one JSON line. SIGTERM closes it and drops the database.
import { DEMO_ACCOUNTS } from '../../backend-api/src/db/seed';
import { startBenchApi } from '../support/bench-api';

const { url: apiUrl, close } = await startBenchApi();
const staff = DEMO_ACCOUNTS.find((account) => account.role === 'staff')!;
process.stdout.write(
  `${JSON.stringify({ apiUrl, staff: { email: staff.email, password: staff.password } })}\n`,
);

process.on('SIGTERM', async () => {
  await close();
  process.exit(0);
});
