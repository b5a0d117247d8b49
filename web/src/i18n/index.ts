import i18next, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { icu } from './icu';
import { browserLanguage, dateLocale, isLanguage, type Language } from './languages';
import { BUNDLED_NAMESPACES, bundled, loadCatalog } from './resources';

const STORAGE_KEY = 'latchkey.language';

/** Where the language came from: a person's own choice and their browser win over the organisation's default. */
let chosenBy: 'person' | 'browser' | 'default' = 'default';

function storedChoice(): Language | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null; // storage blocked: the browser's language still applies
  }
}

/** Fetches a namespace's messages the first time a page uses it, in the page's language and in English. */
const lazyCatalogs: BackendModule = {
  type: 'backend',
  callbackApi: true,
  init() {},
  read(language, namespace, callback) {
    loadCatalog(language, namespace).then(
      (messages) => callback(null, messages),
      (err: Error) => callback(err, false),
    );
  },
};

// i18next fetches, before the change, every namespace already used in the new language.
async function switchTo(language: Language): Promise<void> {
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

/** Before the first render: the remembered choice, else the browser's first language we have, else English. */
export async function initI18n(): Promise<void> {
  const stored = storedChoice();
  const fromBrowser = browserLanguage(navigator.languages ?? [navigator.language]);
  chosenBy = stored ? 'person' : fromBrowser ? 'browser' : 'default';
  await i18next
    .use(icu)
    .use(lazyCatalogs)
    .use(initReactI18next)
    .init({
      resources: { en: bundled },
      // The bundled English is only part of it: the backend fetches the rest.
      partialBundledLanguages: true,
      lng: 'en',
      fallbackLng: 'en',
      ns: BUNDLED_NAMESPACES,
      defaultNS: 'common',
      // React escapes what it renders; escaping here too would show "&amp;".
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  await switchTo(stored ?? fromBrowser ?? 'en');
}

/** The switcher: the language changes at once and is remembered in this browser. */
export async function chooseLanguage(language: Language): Promise<void> {
  chosenBy = 'person';
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // not remembered, still used for this visit
  }
  await switchTo(language);
}

/** The organisation's default language, used only when neither the person nor their browser chose one we have. */
export async function applyOrganisationDefault(language: string): Promise<void> {
  if (chosenBy === 'default' && isLanguage(language) && language !== i18next.language) await switchTo(language);
}

/** Dates and times in the page's language, as the member's browser writes it ("2 Dec 2026" in en-GB). */
export function currentLocale(): string {
  const language = isLanguage(i18next.language) ? i18next.language : 'en';
  return dateLocale(language, navigator.languages ?? [navigator.language]);
}
