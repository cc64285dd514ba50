import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { basicCredentialsGuard } from './credentials';
import { frameworkErrors } from './errors';
import { loggerOptions } from './logging';
import { storableValidatorCompiler } from './validation';

export interface ServiceAppOptions {
  LOG_LEVEL: string;
  LOG_FORMAT: 'json' | 'pretty';
  /** Proxies whose X-Forwarded-For is believed; anyone else could forge it (rate limits, visitor ids). */
  TRUST_PROXY: FastifyServerOptions['trustProxy'];
  /** Where the JSON logs go instead of stdout (tests read them). */
  logStream?: { write: (line: string) => void };
}

/**
 * A service's Fastify instance as both services build it: pino logging with request ids, a 1 MB body
 * limit, the named proxies only, router refusals as problem details, zod validation that refuses what
 * storage would refuse, and zod serialisation.
 */
export function createServiceApp(service: string, options: ServiceAppOptions) {
  const logging = loggerOptions(service, options.LOG_LEVEL, options.LOG_FORMAT);
  if (options.logStream && typeof logging.logger === 'object') {
    logging.logger = { ...logging.logger, stream: options.logStream };
  }
  const app = Fastify({
    ...logging,
    bodyLimit: 1024 * 1024,
    trustProxy: options.TRUST_PROXY,
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(storableValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  return app;
}

export interface OpenApiOptions {
  title: string;
  description: string;
  /** Where Swagger UI is served, without the slash (`api-docs`, `docs`). */
  docsPath: string;
  servers?: { url: string }[];
  config: {
    SWAGGER_ENABLED: boolean;
    NODE_ENV: string;
    SWAGGER_USERNAME?: string | undefined;
    SWAGGER_PASSWORD?: string | undefined;
  };
}

/**
 * OpenAPI 3.1 generated from the route schemas, with Swagger UI at `/<docsPath>`: open in development,
 * behind Basic credentials in production, and closed there when none are configured.
 */
export const openApiPlugin = fp(async (app: FastifyInstance, options: OpenApiOptions) => {
  const { config } = options;
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: options.title, version: '0.1.0', description: options.description },
      ...(options.servers ? { servers: options.servers } : {}),
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  if (!config.SWAGGER_ENABLED) return;
  const protect = config.NODE_ENV === 'production';
  if (protect && !(config.SWAGGER_USERNAME && config.SWAGGER_PASSWORD)) {
    app.log.warn(
      `SWAGGER_USERNAME/SWAGGER_PASSWORD are not set: /${options.docsPath} stays closed in production`,
    );
  }
  await app.register(swaggerUi, {
    routePrefix: `/${options.docsPath}`,
    ...(protect
      ? {
          uiHooks: {
            onRequest: basicCredentialsGuard(
              options.docsPath,
              config.SWAGGER_USERNAME,
              config.SWAGGER_PASSWORD,
            ),
          },
        }
      : {}),
  });
});
