import { CsvError, parse } from 'csv-parse/sync';
import { AppError } from '../errors.js';
import { MAX_IMPORT_BYTES } from './schemas.js';

// The CLI and the tests read the limit here, beside the file rules.
export { MAX_IMPORT_BYTES };

/** What one import may hold: enough for an organisation's roll-out in one go, small enough for one transaction. */
export const MAX_IMPORT_ROWS = 10_000;

export type Column = 'username' | 'email' | 'displayName' | 'role';

/** Header names as spreadsheets write them, lowercased with spaces, dashes and underscores removed. */
const HEADERS: Record<string, Column> = {
  username: 'username',
  user: 'username',
  email: 'email',
  emailaddress: 'email',
  mail: 'email',
  displayname: 'displayName',
  name: 'displayName',
  fullname: 'displayName',
  role: 'role',
};

export interface CsvRow {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: number;
  fields: Partial<Record<Column, string>>;
  /** How many fields the row has beside how many the header names (a stray comma, a missing field). */
  fieldCount: number;
}

/** The separator a spreadsheet used: a comma, or a semicolon or tab where the comma is the decimal mark. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  if (header.includes(',')) return ',';
  if (header.includes(';')) return ';';
  return header.includes('\t') ? '\t' : ',';
}

/** Parses the file (csv-parse): a header naming the columns, then one user per row. */
export function readCsv(text: string): { columns: Column[]; rows: CsvRow[] } {
  if (Buffer.byteLength(text, 'utf8') > MAX_IMPORT_BYTES)
    throw new AppError('IMPORT_TOO_LARGE', { details: { limit: `${MAX_IMPORT_BYTES} bytes` } });
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter: delimiterOf(text.replace(/^\uFEFF/, '')),
      skip_empty_lines: true,
      relax_column_count: true,
      // The rows past the limit are not worth parsing: the file is refused anyway.
      to: MAX_IMPORT_ROWS + 2,
    });
  } catch (error) {
    if (error instanceof CsvError)
      throw new AppError('IMPORT_INVALID', { details: { row: error.lines ?? null, rule: error.code } });
    throw error;
  }
  const [header, ...body] = records;
  if (!header || body.length === 0) throw new AppError('IMPORT_INVALID', { details: { rule: 'no user rows' } });
  if (body.length > MAX_IMPORT_ROWS)
    throw new AppError('IMPORT_TOO_LARGE', { details: { limit: `${MAX_IMPORT_ROWS} rows` } });
  const columns = header.map((name, i) => {
    const column =
      HEADERS[
        name
          .trim()
          .toLowerCase()
          .replace(/[\s_-]/g, '')
      ];
    // Named by position only: the header may hold anything, and it is echoed back.
    if (!column) throw new AppError('IMPORT_INVALID', { details: { column: i + 1, rule: 'unknown column' } });
    return column;
  });
  const twice = columns.findIndex((c, i) => columns.indexOf(c) !== i);
  if (twice >= 0) throw new AppError('IMPORT_INVALID', { details: { column: twice + 1, rule: 'column named twice' } });
  if (!columns.includes('username'))
    throw new AppError('IMPORT_INVALID', { details: { rule: 'the header has no username column' } });
  return {
    columns,
    rows: body.map((record, i) => ({
      row: i + 2,
      fields: Object.fromEntries(columns.map((c, j) => [c, record[j] ?? ''])),
      fieldCount: record.length,
    })),
  };
}
