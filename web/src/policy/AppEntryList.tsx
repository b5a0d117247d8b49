import { useRef, useState, type MutableRefObject, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MAX_APPS as SERVER_MAX_APPS } from '../../../src/orgs/mobile-apps';

// The server's limit: its literal type, imported type-only, makes any other number here a compile error.
const MAX_APPS: typeof SERVER_MAX_APPS = 10;

type Platform = 'android' | 'apple';

const TEXTS = {
  android: {
    heading: 'androidApps',
    empty: 'noAndroidApps',
    legend: 'androidApp',
    remove: 'removeAndroidApp',
    add: 'addAndroidApp',
  },
  apple: {
    heading: 'appleApps',
    empty: 'noAppleApps',
    legend: 'appleApp',
    remove: 'removeAppleApp',
    add: 'addAppleApp',
  },
} as const;

export type Drafts<T extends { key: number }> = ReturnType<typeof useDrafts<T>>;

/**
 * One platform's apps as typed: `key` tells them apart while they are edited, added and removed; `blank` is
 * an added one.
 */
export function useDrafts<T extends { key: number }>(
  next: MutableRefObject<number>,
  blank: Omit<T, 'key'>,
  initial: () => Omit<T, 'key'>[],
) {
  const [list, setList] = useState<T[]>(() => initial().map((draft) => ({ ...draft, key: next.current++ }) as T));
  return {
    list,
    edit: (key: number, change: Partial<T>) => setList((l) => l.map((d) => (d.key === key ? { ...d, ...change } : d))),
    remove: (key: number) => setList((l) => l.filter((d) => d.key !== key)),
    add: () => setList((l) => [...l, { ...blank, key: next.current++ } as T]),
  };
}

/**
 * One platform's apps in the mobile-apps form: a heading, each app in its own fieldset with a remove
 * button, and an add button (up to the server's limit). A removed app's button is gone with it: focus goes
 * to the heading rather than the page body.
 */
export function AppEntryList<T extends { key: number }>({
  platform,
  drafts,
  fields,
}: {
  platform: Platform;
  drafts: Drafts<T>;
  fields: (entry: T, index: number) => ReactNode;
}) {
  const { t } = useTranslation('policy');
  const texts = TEXTS[platform];
  const headingRef = useRef<HTMLHeadingElement>(null);
  const entries = drafts.list;
  return (
    <>
      <h2 ref={headingRef} tabIndex={-1}>
        {t(texts.heading)}
      </h2>
      {entries.length === 0 && <p className="muted">{t(texts.empty)}</p>}
      {entries.map((entry, i) => (
        <fieldset key={entry.key} className="app-entry">
          <legend>{t(texts.legend, { number: i + 1 })}</legend>
          {fields(entry, i)}
          <button
            type="button"
            className="button button--danger-quiet"
            onClick={() => {
              drafts.remove(entry.key);
              headingRef.current?.focus();
            }}
          >
            {t(texts.remove, { number: i + 1 })}
          </button>
        </fieldset>
      ))}
      <p>
        <button type="button" className="button" disabled={entries.length >= MAX_APPS} onClick={drafts.add}>
          {t(texts.add)}
        </button>
      </p>
    </>
  );
}
