import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema';

export type Database = ReturnType<typeof createDatabase>['db'];

export function createDatabase(url: string, max = 10, connectTimeoutMs = 2000) {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // Waiting longer than this for a pooled connection is answered 503 with Retry-After (server-kit errors).
    connectionTimeoutMillis: connectTimeoutMs,
    // Short OLTP queries: PostgreSQL's JIT compile time (tens of ms) costs more than it ever saves here.
    options: '-c jit=off',
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = drizzle(pool, { schema, casing: 'snake_case' });
  return { db, pool };
}
