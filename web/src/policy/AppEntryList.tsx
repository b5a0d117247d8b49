import { useRef, type ReactNode } from 'react';

/**
 * One platform's apps in the mobile-apps form: a heading, each app in its own fieldset with a remove
 * button, and an add button. A removed app's button is gone with it: focus goes to the heading rather
 * than the page body.
 */
export function AppEntryList<T extends { key: number }>({
  heading,
  empty,
  entries,
  max,
  legend,
  removeLabel,
  addLabel,
  fields,
  onRemove,
  onAdd,
}: {
  heading: string;
  empty: string;
  entries: T[];
  max: number;
  legend: (number: number) => string;
  removeLabel: (number: number) => string;
  addLabel: string;
  fields: (entry: T, index: number) => ReactNode;
  onRemove: (key: number) => void;
  onAdd: () => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  return (
    <>
      <h2 ref={headingRef} tabIndex={-1}>
        {heading}
      </h2>
      {entries.length === 0 && <p className="muted">{empty}</p>}
      {entries.map((entry, i) => (
        <fieldset key={entry.key} className="app-entry">
          <legend>{legend(i + 1)}</legend>
          {fields(entry, i)}
          <button
            type="button"
            className="button button--danger-quiet"
            onClick={() => {
              onRemove(entry.key);
              headingRef.current?.focus();
            }}
          >
            {removeLabel(i + 1)}
          </button>
        </fieldset>
      ))}
      <p>
        <button type="button" className="button" disabled={entries.length >= max} onClick={onAdd}>
          {addLabel}
        </button>
      </p>
    </>
  );
}
