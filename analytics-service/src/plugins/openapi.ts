import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { basicCredentialsGuard } from '@shopstream/server-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { Config } from '../config';

/** OpenAPI 3.1 generated from the route schemas, with Swagger UI at /docs (behind Basic auth in production). */
export const openApiPlugin = fp(async (app: FastifyInstance, { config }: { config: Config }) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ShopStream analytics API',
        version: '0.1.0',
        description: 'Event ingestion (own schema and Segment-compatible), reports and the live feed.',
      },
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
    app.log.warn('SWAGGER_USERNAME/SWAGGER_PASSWORD are not set: /docs stays closed in production');
  }
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    ...(protect
      ? {
          uiHooks: {
            onRequest: basicCredentialsGuard('docs', config.SWAGGER_USERNAME, config.SWAGGER_PASSWORD),
          },
        }
      : {}),
  });
});
