import 'i18next';
import type { en } from './resources';

// Message keys are checked by tsc: `t('sign-in:title')` fails to compile when English has no such message.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: typeof en;
  }
}
