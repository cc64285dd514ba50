import fc from 'fast-check';
import type { JsonSchema } from './openapi';

const MAX_GENERATED_LENGTH = 40;
const MAX_GENERATED_ITEMS = 3;

/** The non-null branch a nullable schema (`anyOf: [X, {type: 'null'}]`) is mostly about. */
export function mainBranch(schema: JsonSchema): JsonSchema {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return mainBranch(branches.find((branch) => branch.type !== 'null') ?? branches[0] ?? {});
  return schema;
}

export function typeOf(schema: JsonSchema): string | undefined {
  const main = mainBranch(schema);
  if (Array.isArray(main.type)) return main.type.find((type) => type !== 'null');
  if (main.type) return main.type;
  if (main.properties) return 'object';
  if (main.enum) return typeof main.enum[0];
  return undefined;
}

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(
    minLength,
    Math.min(schema.maxLength ?? MAX_GENERATED_LENGTH, MAX_GENERATED_LENGTH),
  );
  const fits = (value: string) => value.length >= minLength && value.length <= (schema.maxLength ?? Infinity);
  switch (schema.format) {
    case 'uuid':
      return fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] });
    case 'date-time':
      return fc
        .date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((date) => date.toISOString());
    case 'date':
      return fc
        .date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((date) => date.toISOString().slice(0, 10));
    case 'uri':
      return fc.webUrl().filter(fits);
  }
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  // Any Unicode text a person could type, control characters included (they are storable).
  return fc.string({ unit: 'grapheme', minLength, maxLength }).filter(fits);
}

/** Values of the test data (ids, slugs, keys) and a check of which schema each fits. */
export interface Known {
  values: string[];
  fits: (schema: JsonSchema, value: string) => boolean;
}

/**
 * Values the schema accepts: the valid-shaped half of the suite's requests. A string field also takes
 * the known values that fit it, so requests reach past lookups (a real variant id, the site's write key).
 */
export function valid(schema: JsonSchema, depth = 0, known?: Known): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((branch) => valid(branch, depth, known)));
  if (Array.isArray(schema.type))
    return fc.oneof(...schema.type.map((type) => valid({ ...schema, type }, depth, known)));
  switch (typeOf(schema)) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1_000_000,
        max: schema.maximum ?? 1_000_000,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'string': {
      const fitting = known?.values.filter((value) => known.fits(schema, value)) ?? [];
      // Mostly known values: a random id only ever finds nothing.
      return fitting.length > 0
        ? fc.oneof(
            { arbitrary: fc.constantFrom(...fitting), weight: 3 },
            { arbitrary: stringOf(schema), weight: 1 },
          )
        : stringOf(schema);
    }
    case 'array':
      return fc.array(valid(schema.items ?? {}, depth + 1, known), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(
          schema.minItems ?? 0,
          Math.min(schema.maxItems ?? MAX_GENERATED_ITEMS, MAX_GENERATED_ITEMS),
        ),
      });
    case 'object': {
      const properties = schema.properties ?? {};
      if (Object.keys(properties).length === 0 && typeof schema.additionalProperties === 'object') {
        return fc.dictionary(
          stringOf(schema.propertyNames ?? { minLength: 1, maxLength: 20 }),
          valid(schema.additionalProperties, depth + 1, known),
          { maxKeys: MAX_GENERATED_ITEMS },
        );
      }
      return fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([key, value]) => [key, valid(value, depth + 1, known)]),
        ),
        { requiredKeys: (schema.required ?? []).filter((key) => key in properties) },
      );
    }
    default:
      // `{}`: anything JSON can carry.
      return depth > 3 ? fc.constant('x') : fc.jsonValue({ maxDepth: 2 });
  }
}
