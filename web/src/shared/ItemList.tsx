import type { ReactNode } from 'react';

/**
 * A list in the `items` layout, named by `label`, or `empty` said instead when it has none (without `empty`, an
 * empty list). Each row shows `children` (what the item is) and its `actions` (the buttons for it) beside, when
 * `actions` gives any for it.
 */
export function ItemList<T extends { id: string }>({
  label,
  empty,
  items,
  children,
  actions,
}: {
  label?: string;
  empty?: string;
  items: readonly T[];
  children: (item: T) => ReactNode;
  actions?: (item: T) => ReactNode;
}) {
  if (items.length === 0 && empty !== undefined) return <p className="empty">{empty}</p>;
  return (
    <ul className="items" aria-label={label}>
      {items.map((item) => (
        <ItemRow key={item.id} actions={actions?.(item)}>
          {children(item)}
        </ItemRow>
      ))}
    </ul>
  );
}

/**
 * One row of the `items` layout: what the item is (`children`), and its buttons beside unless `actions` is
 * undefined (then the row has no place for them).
 */
export function ItemRow({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <li className="item">
      <div className="item__main">{children}</div>
      {actions !== undefined && <div className="item__actions">{actions}</div>}
    </li>
  );
}
