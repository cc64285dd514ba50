import { serve } from '@shopstream/server-kit';
import { buildApp } from './app';
import { readConfig } from './config';
import { ensureBootstrapAdmin } from './modules/accounts/bootstrap';

const config = readConfig();
const app = await buildApp(config);
await ensureBootstrapAdmin(config, app.log).catch((error) =>
  app.log.error({ err: error }, 'could not create the bootstrap admin (are migrations applied?)'),
);
await serve(app, config.PORT, config.HOST);
