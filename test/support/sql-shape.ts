/** A statement's SQL with each list of two or more named columns shown as <columns>: its shape, for the eye. */
export function withoutColumnLists(sql: string): string {
  return sql.replace(/("\w+"\.)?"\w+"(, ("\w+"\.)?"\w+")+(?= from|,)/g, '<columns>');
}
