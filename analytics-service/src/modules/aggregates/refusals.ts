import { BSON } from 'mongodb';

/**
 * MongoDB 7 codes that refuse a document for what it holds, so retrying it can never succeed:
 * BadValue (also FerretDB's "invalid key" for `.` and `$` keys), TypeMismatch, InvalidBSON (MongoDB's
 * answer to a document nested deeper than 100 levels), DollarPrefixedFieldName, InvalidIdField,
 * EmptyFieldName, DottedFieldName, DocumentValidationFailure, BSONObjectTooLarge.
 */
const CONTENT_CODES = new Set([2, 14, 22, 52, 53, 56, 57, 121, 10334]);

/**
 * FerretDB 1.24 answers InternalError (1) with the PostgreSQL error in the message. Classes 22 (data
 * exception: a NUL is "unsupported Unicode escape sequence", 22P05) and 54 (program limit exceeded: a
 * document nested thousands deep is "stack depth limit exceeded", 54001) are about the document;
 * every other class (connections, pool, locks) passes.
 */
const FERRETDB_CONTENT_SQLSTATE = /SQLSTATE (22|54)[0-9A-Z]{3}/;
const FERRETDB_INTERNAL_ERROR = 1;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  errmsg?: unknown;
}

/**
 * The store's reason when `error` (a command's error or one write error of it) refuses documents for
 * their content, else undefined. Anything not known to be about the document (unreachable, timeouts,
 * authentication, a full disk, what we have never seen) is not a refusal: it would fail every
 * document alike, so the events wait in the queue instead of all being dead-lettered.
 */
export function refusalOf(error: unknown): string | undefined {
  // Serialising in the driver (a NUL in a key; depth beyond the serialiser's stack): nothing was sent.
  if (error instanceof BSON.BSONError || error instanceof RangeError) return `driver: ${error.message}`;
  const { code, message, errmsg } = (error ?? {}) as ErrorLike;
  const text = String(errmsg ?? message ?? '');
  if (typeof code !== 'number') return undefined;
  if (CONTENT_CODES.has(code)) return `store (code ${code}): ${text}`;
  if (code === FERRETDB_INTERNAL_ERROR && FERRETDB_CONTENT_SQLSTATE.test(text))
    return `store (code ${code}): ${text}`;
  return undefined;
}
