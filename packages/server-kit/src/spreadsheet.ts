/**
 * CSV cells a spreadsheet would run as a formula (OWASP "CSV Injection"): text starting with `=`, `+`, `-`,
 * `@`, tab or carriage return. Such text is written with a leading `'`, which spreadsheets read as "this is
 * text" and do not display. Text that already starts with quotes before one of those characters gets one
 * more, so reading a cell back (`fromSpreadsheetSafe`) always returns exactly what was written.
 *
 * Only text is touched: a number stays a number (`-5` is written as `-5`), since a value typed as a number
 * cannot carry a formula, and a spreadsheet must still be able to sum a column of refunds.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const PROTECTED_FORMULA_START = /^'+[=+\-@\t\r]/;

export const spreadsheetSafe = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

/** The inverse of `spreadsheetSafe`, for importing a file this platform (or a careful spreadsheet) wrote. */
export const fromSpreadsheetSafe = (cell: string): string =>
  PROTECTED_FORMULA_START.test(cell) ? cell.slice(1) : cell;

/**
 * csv-stringify's `cast` option that makes every text cell spreadsheet-safe; its quoting still applies to
 * the result, so a cell with `"`, `,` or a line break stays one quoted cell. Use it for every CSV export.
 */
export const spreadsheetSafeCast = { string: (text: string) => spreadsheetSafe(text) };
