import 'i18next';

/** Every namespace's English (types only: most of it is fetched with its pages, see resources.ts). */
interface EnglishMessages {
  common: typeof import('./locales/en/common.json');
  errors: typeof import('./locales/en/errors.json');
  'sign-in': typeof import('./locales/en/sign-in.json');
  setup: typeof import('./locales/en/setup.json');
  passkeys: typeof import('./locales/en/passkeys.json');
  'device-link': typeof import('./locales/en/device-link.json');
  home: typeof import('./locales/en/home.json');
  account: typeof import('./locales/en/account.json');
  landing: typeof import('./locales/en/landing.json');
  'my-apps': typeof import('./locales/en/my-apps.json');
  admin: typeof import('./locales/en/admin.json');
  'admin-home': typeof import('./locales/en/admin-home.json');
  users: typeof import('./locales/en/users.json');
  policy: typeof import('./locales/en/policy.json');
  apps: typeof import('./locales/en/apps.json');
  activity: typeof import('./locales/en/activity.json');
  templates: typeof import('./locales/en/templates.json');
  platform: typeof import('./locales/en/platform.json');
}

// Message keys are checked by tsc: `t('sign-in:title')` fails to compile when English has no such message.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: EnglishMessages;
  }
}
