import { storableExceptItems } from '@shopstream/contracts';
import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/** A query object without its empty values: `?maxPrice=` says no more than `?` does. */
const withoutEmptyValues = (query: unknown) =>
  query && typeof query === 'object'
    ? Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''))
    : query;

/**
 * The validator compiler of both services: fastify-type-provider-zod's, with every route's body,
 * query, params and headers behind `storable`, so NUL characters and unpaired surrogates anywhere are
 * a 400 naming the field, on every route, without any route asking for it. A batch body marked with
 * `checksTextPerItem` has its envelope checked here and its items by their own schemas.
 *
 * An empty query value is read as an absent parameter (a form with an empty field sends `?maxPrice=`):
 * `z.coerce.number()` would otherwise read it as 0 and filter every product out.
 */
export const storableValidatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const validate = validatorCompiler({
    ...route,
    schema: storableExceptItems(route.schema),
  });
  return route.httpPart === 'querystring' ? (query) => validate(withoutEmptyValues(query)) : validate;
};
