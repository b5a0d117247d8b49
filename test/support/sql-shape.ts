// A column, maybe of a named table, maybe renamed: "t"."c" as "x".
const COLUMN = '(?:"\\w+"\\.)?"\\w+"(?: as "\\w+")?';
const COLUMN_LIST = new RegExp(`${COLUMN}(?:, ${COLUMN})+(?= from|,)`, 'g');

/** A statement's SQL with each list of two or more named columns shown as <columns>: its shape, for the eye. */
export function withoutColumnLists(sql: string): string {
  return sql.replace(COLUMN_LIST, '<columns>');
}
