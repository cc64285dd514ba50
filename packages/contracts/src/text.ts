import { z } from 'zod';

/**
 * Text that PostgreSQL, MongoDB and FerretDB cannot store is refused at the edge, so no write path can
 * fail on content: the NUL character (PostgreSQL text refuses it; BSON keys end at it) and unpaired
 * UTF-16 surrogates (not valid Unicode: they cannot be encoded as UTF-8 without being mangled).
 *
 * Other control characters (tab, newline, U+0001…) are kept: every store takes them, and every place
 * that shows text escapes it (JSON, HTML, CSV cells are neutralised by their own helper).
 */
export const UNSTORABLE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

export const isStorableText = (value: string): boolean => !value.includes('\0') && value.isWellFormed();

export interface UnstorableText {
  /** Where it is: object keys and array indexes from the root. */
  path: (string | number)[];
  /** A key (not a value) holds the character. */
  inKey: boolean;
}

/**
 * The first string or object key below `value` that cannot be stored, or null. Iterative, so a body
 * nested thousands of levels deep is walked without exhausting the stack.
 */
export function findUnstorableText(value: unknown): UnstorableText | null {
  interface Step {
    value: unknown;
    key: string | number | undefined;
    parent: Step | undefined;
  }
  const pathTo = (step: Step | undefined, last?: string): (string | number)[] => {
    const path: (string | number)[] = last === undefined ? [] : [last];
    for (let at = step; at?.key !== undefined; at = at.parent) path.push(at.key);
    return path.reverse();
  };
  const stack: Step[] = [{ value, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const current = step.value;
    if (typeof current === 'string') {
      if (!isStorableText(current)) return { path: pathTo(step), inKey: false };
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1)
        stack.push({ value: current[index], key: index, parent: step });
    } else if (current !== null && typeof current === 'object') {
      for (const key of Object.keys(current)) {
        if (!isStorableText(key)) return { path: pathTo(step, key), inKey: true };
        stack.push({ value: (current as Record<string, unknown>)[key], key, parent: step });
      }
    }
  }
  return null;
}

/** The refinement: adds one issue naming the field whose text cannot be stored. */
export function refuseUnstorableText(value: unknown, ctx: z.RefinementCtx): void {
  const found = findUnstorableText(value);
  if (found)
    ctx.addIssue({
      code: 'custom',
      path: found.path,
      message: found.inKey ? `key ${UNSTORABLE_TEXT_MESSAGE}` : UNSTORABLE_TEXT_MESSAGE,
    });
}

/** A string that can be stored; `Text().max(200)` where a schema would say `z.string().max(200)`. */
export const Text = () => z.string().refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);

/**
 * `schema`, behind the refinement: any text anywhere in the input (keys included) is checked before
 * `schema` sees it. The services wrap every route's schema with it when they compile validators, so
 * no route can forget it; the OpenAPI document still shows `schema` itself.
 */
export const storable = <T extends z.ZodType>(schema: T) =>
  z.unknown().superRefine(refuseUnstorableText).pipe(schema);

const itemsFieldOf = new WeakMap<z.ZodType, string>();

/**
 * Marks a route schema whose items (the array at `itemsField`) check their own text: an ingest batch
 * refuses one bad event, not the whole batch. The services' validator then checks the rest of the
 * body (the envelope: shared context, sentAt, writeKey…) and leaves the items to their own schema.
 */
export const checksTextPerItem = <T extends z.ZodType>(schema: T, itemsField = 'batch'): T => {
  itemsFieldOf.set(schema, itemsField);
  return schema;
};
export const isTextCheckedPerItem = (schema: unknown): boolean => itemsFieldOfSchema(schema) !== undefined;

const itemsFieldOfSchema = (schema: unknown): string | undefined =>
  typeof schema === 'object' && schema !== null ? itemsFieldOf.get(schema as z.ZodType) : undefined;

/**
 * `schema` behind the refinement, as `storable` does, except for the items of a schema marked with
 * `checksTextPerItem`: they are left to the item schemas.
 */
export const storableExceptItems = (schema: z.ZodType): z.ZodType => {
  const itemsField = itemsFieldOfSchema(schema);
  if (itemsField === undefined) return storable(schema);
  return z
    .unknown()
    .superRefine((value, ctx) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
      const { [itemsField]: _items, ...envelope } = value as Record<string, unknown>;
      refuseUnstorableText(envelope, ctx);
    })
    .pipe(schema);
};
