import type { ReactNode } from 'react';

/**
 * A list in the `items` layout, named by `label`, or `empty` said instead when it has none. Each row shows
 * `children` (what the item is) and, when given, its `actions` (the buttons for it) beside.
 */
export function ItemList<T extends { id: string }>({
  label,
  empty,
  items,
  children,
  actions,
}: {
  label: string;
  empty: string;
  items: readonly T[];
  children: (item: T) => ReactNode;
  actions?: (item: T) => ReactNode;
}) {
  if (items.length === 0) return <p className="empty">{empty}</p>;
  return (
    <ul className="items" aria-label={label}>
      {items.map((item) => (
        <li key={item.id} className="item">
          <div className="item__main">{children(item)}</div>
          {actions && <div className="item__actions">{actions(item)}</div>}
        </li>
      ))}
    </ul>
  );
}
