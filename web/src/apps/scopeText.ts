import { useTranslation } from 'react-i18next';

/**
 * What an app receives, in words ("Your email address"); an unknown scope as it is named. The one source
 * for both pages that show scopes: Settings › Apps and the Allow step of an app's sign-in.
 */
export function useScopeText() {
  const { t } = useTranslation('my-apps');
  const texts: Record<string, string> = {
    openid: t('scopeOpenid'),
    profile: t('scopeProfile'),
    email: t('scopeEmail'),
    offline_access: t('scopeOfflineAccess'),
  };
  return (scope: string) => texts[scope] ?? scope;
}
