import {
  EVENT_PROPERTIES,
  EventInput,
  findUnstorableProperty,
  isStorableText,
  SegmentMessage,
} from '@shopstream/contracts';
import { _, Ajv, type ValidateFunction } from 'ajv';
import { z } from 'zod';

/*
 * The ingest hot path's validators: Ajv (the JSON-schema compiler Fastify itself uses) compiles the JSON
 * Schema of the shared zod contracts, and checks an event in well under a microsecond where zod took 7–16.
 * They only ever accept: an event they do not accept is parsed by the zod schema, which stays the
 * contract and names what it refuses. So they must never accept what zod refuses
 * (`compiled-validation.test.ts` checks that on generated events), and only schemas whose zod output is
 * the input itself qualify (no transforms; unknown `page` fields, which zod drops, are never read).
 */
const ajv = new Ajv({
  // Both measure strings in code points; zod reads its regexes without the `u` flag, and so does this.
  unicodeRegExp: false,
  // zod's date-time check is the regex it writes beside `format`, which Ajv checks.
  validateFormats: false,
});

/*
 * Ajv's maxLength and minLength count code points (a loop over every character of every string: half of
 * an event's check). `maxUnits` compares the UTF-16 length instead, which is never less than the code
 * points: it accepts only strings zod accepts too (a text of long emoji runs may be sent on to zod, which
 * decides). A minimum of 1 means "not empty" in both counts; larger minimums keep Ajv's count.
 */
ajv.addKeyword({
  keyword: 'maxUnits',
  type: 'string',
  schemaType: 'number',
  code: (cxt) => cxt.fail(_`${cxt.data}.length > ${cxt.schema}`),
});
ajv.addKeyword({
  keyword: 'minUnits',
  type: 'string',
  schemaType: 'number',
  code: (cxt) => cxt.fail(_`${cxt.data}.length < ${cxt.schema}`),
});

/** The JSON Schema with string lengths in UTF-16 units where that never accepts more (see above). */
function withUnitLengths(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withUnitLengths);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'maxLength' && typeof value === 'number') out.maxUnits = value;
    else if (key === 'minLength' && value === 1) out.minUnits = value;
    else out[key] = withUnitLengths(value);
  }
  return out;
}

const compiled = <T>(schema: z.ZodType<T>): ValidateFunction<T> =>
  ajv.compile<T>(
    withUnitLengths(
      z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }),
    ) as object,
  );

const eventShape = compiled(EventInput);
const propertiesShapes = new Map(
  Object.entries(EVENT_PROPERTIES).map(([name, schema]) => [name, compiled(schema)]),
);
const segmentShape = compiled(SegmentMessage);

/** Every text of the event outside `properties` (which has its own walk) is storable. */
function storableTexts(input: Record<string, unknown>): boolean {
  for (const key in input) {
    if (key === 'properties') continue;
    const value = input[key];
    if (typeof value === 'string') {
      if (!isStorableText(value)) return false;
    } else if (value !== null && typeof value === 'object') {
      for (const field in value) {
        const text = (value as Record<string, unknown>)[field];
        // Numbers are the screen's; the schema has already checked their range.
        if (typeof text === 'number') continue;
        if (typeof text !== 'string' || !isStorableText(text)) return false;
      }
    }
  }
  return true;
}

/**
 * True only when `EventInput` accepts `candidate` as it is, with the refinements zod's JSON Schema cannot
 * say: storable text, `event` on a track, the properties of each e-commerce event, and the limits of
 * `properties` (`findUnstorableProperty`).
 */
export function acceptsEventInput(candidate: unknown): candidate is EventInput {
  if (!eventShape(candidate)) return false;
  const input = candidate as EventInput;
  if (input.type === 'track' && !input.event) return false;
  if (!storableTexts(candidate as Record<string, unknown>)) return false;
  const properties = input.event === undefined ? undefined : propertiesShapes.get(input.event);
  if (properties && !properties(input.properties ?? {})) return false;
  return input.properties === undefined || findUnstorableProperty(input.properties) === null;
}

/** True only when `SegmentMessage` accepts `candidate` as it is (it has no refinements). */
export const acceptsSegmentMessage = (candidate: unknown): candidate is SegmentMessage =>
  segmentShape(candidate);
