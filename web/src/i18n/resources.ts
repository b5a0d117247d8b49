// English is bundled (it is the fallback and the source of the message types); other languages load when chosen.
import common from './locales/en/common.json';
import errors from './locales/en/errors.json';
import signIn from './locales/en/sign-in.json';
import setup from './locales/en/setup.json';
import passkeys from './locales/en/passkeys.json';
import deviceLink from './locales/en/device-link.json';
import home from './locales/en/home.json';
import account from './locales/en/account.json';
import landing from './locales/en/landing.json';
import myApps from './locales/en/my-apps.json';
import admin from './locales/en/admin.json';
import adminHome from './locales/en/admin-home.json';
import users from './locales/en/users.json';
import policy from './locales/en/policy.json';
import apps from './locales/en/apps.json';
import activity from './locales/en/activity.json';
import templates from './locales/en/templates.json';
import platform from './locales/en/platform.json';

/** One namespace per capability: each page loads the messages of what it shows. */
export const en = {
  common,
  errors,
  'sign-in': signIn,
  setup,
  passkeys,
  'device-link': deviceLink,
  home,
  account,
  landing,
  'my-apps': myApps,
  admin,
  'admin-home': adminHome,
  users,
  policy,
  apps,
  activity,
  templates,
  platform,
};

export type Namespace = keyof typeof en;
export const NAMESPACES = Object.keys(en) as Namespace[];

const catalogs = import.meta.glob<{ default: Record<string, string> }>(['./locales/*/*.json', '!./locales/en/*.json']);

/** Every namespace of one language other than English, fetched together when that language is chosen. */
export async function loadCatalogs(language: string): Promise<Record<string, Record<string, string>>> {
  const prefix = `./locales/${language}/`;
  const entries = await Promise.all(
    Object.entries(catalogs)
      .filter(([file]) => file.startsWith(prefix))
      .map(async ([file, load]) => [file.slice(prefix.length, -'.json'.length), (await load()).default] as const),
  );
  return Object.fromEntries(entries);
}
