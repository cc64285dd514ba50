import { isTextCheckedPerItem, storable } from '@shopstream/contracts';
import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/**
 * The validator compiler of both services: fastify-type-provider-zod's, with every route's body,
 * query, params and headers behind `storable`, so NUL characters and unpaired surrogates anywhere are
 * a 400 naming the field, on every route, without any route asking for it.
 */
export const storableValidatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) =>
  validatorCompiler({
    ...route,
    schema: isTextCheckedPerItem(route.schema) ? route.schema : storable(route.schema),
  });
