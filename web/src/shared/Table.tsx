import type { ReactNode } from 'react';

/** A column heading: its text, or its content and class (a number column, a heading only read out). */
export type Column = string | { label: ReactNode; className?: string };

/**
 * A data table: its caption read out but not shown, a row of column headings (a `false` column is left out),
 * and `children`, the body's rows. It stands in a `table-wrap` box that scrolls sideways on a narrow screen
 * (`boxClassName`; null: none). A cell holding a long value without spaces (an email, an ID) has the class `long`.
 * `stacked`: on a phone each row is a card, each cell a line under its column's name (the cell's `data-label`),
 * for a table of more columns than a phone's width holds.
 */
export function Table({
  caption,
  columns,
  boxClassName = 'table-wrap',
  stacked = false,
  children,
}: {
  caption: string;
  columns: ReadonlyArray<Column | false>;
  boxClassName?: string | null;
  stacked?: boolean;
  children: ReactNode;
}) {
  const table = (
    <table className={stacked ? 'table table--stacked' : 'table'}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column, i) =>
            column === false ? null : typeof column === 'string' ? (
              <th key={i} scope="col">
                {column}
              </th>
            ) : (
              <th key={i} scope="col" className={column.className}>
                {column.label}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  return boxClassName === null ? table : <div className={boxClassName}>{table}</div>;
}
