import { createAccessTokens } from '@shopstream/server-kit';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config';
import { createDatabase } from '../../db/client';
import { createAccountRepository } from './repository';
import { createAccountService } from './service';

/**
 * Creates the bootstrap admin from ADMIN_EMAIL/ADMIN_PASSWORD when it does not exist yet. Without
 * ADMIN_PASSWORD (development only) a password is generated and printed once, on creation; never again.
 */
export async function ensureBootstrapAdmin(config: Config, log: FastifyBaseLogger) {
  if (!config.ADMIN_EMAIL) return;
  if (!config.ADMIN_PASSWORD && config.NODE_ENV === 'production') {
    log.warn('ADMIN_EMAIL is set without ADMIN_PASSWORD: no bootstrap admin created in production');
    return;
  }
  const { db, pool } = createDatabase(config.DATABASE_URL, 1);
  try {
    const accounts = createAccountService(
      createAccountRepository(db),
      createAccessTokens(config.JWT_SECRET, config.ACCESS_TOKEN_TTL_SECONDS),
      {
        refreshTokenTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
        refreshTokenSecret: config.JWT_SECRET,
        refreshGraceSeconds: config.REFRESH_TOKEN_GRACE_SECONDS,
      },
    );
    const result = await accounts.ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
    if (!result.created) return;
    log.info({ email: config.ADMIN_EMAIL }, 'bootstrap admin created');
    if (result.generatedPassword) {
      // The one time this password is shown: development only, on first creation.
      process.stdout.write(
        `\nBootstrap admin ${config.ADMIN_EMAIL} created with password: ${result.generatedPassword}\n(shown once; set ADMIN_PASSWORD to choose it)\n\n`,
      );
    }
  } finally {
    await pool.end();
  }
}
