// The English the first script carries: what the sign-in page (and the not-found page beside it in the entry)
// shows before anything else loads. Every other namespace, and every other language, is a chunk of its own
// fetched by the backend in index.ts when a page that uses it opens (react-i18next suspends until then).
import common from './locales/en/common.json';
import errors from './locales/en/errors.json';
import signIn from './locales/en/sign-in.json';
import deviceLink from './locales/en/device-link.json';
import myApps from './locales/en/my-apps.json';
import landing from './locales/en/landing.json';

export const bundled = { common, errors, 'sign-in': signIn, 'device-link': deviceLink, 'my-apps': myApps, landing };
export const BUNDLED_NAMESPACES = Object.keys(bundled);

// The bundled files are left out: a file both imported and globbed would stay in the entry anyway.
const catalogs = import.meta.glob<{ default: Record<string, string> }>([
  './locales/*/*.json',
  '!./locales/en/common.json',
  '!./locales/en/errors.json',
  '!./locales/en/sign-in.json',
  '!./locales/en/device-link.json',
  '!./locales/en/my-apps.json',
  '!./locales/en/landing.json',
]);

/** One namespace in one language, fetched on first use. */
export async function loadCatalog(language: string, namespace: string): Promise<Record<string, string>> {
  if (language === 'en' && namespace in bundled) return bundled[namespace as keyof typeof bundled];
  const load = catalogs[`./locales/${language}/${namespace}.json`];
  if (!load) throw new Error(`no ${language} messages for the namespace ${namespace}`);
  return (await load()).default;
}
