import { useTranslation } from 'react-i18next';
import { Link, paths } from '../shared/router';

/** The sections of Org Settings. Named apart from the top bar's "Passkeys" and "Apps", which are other pages. */
export function OrgSettingsNav({ org, current }: { org: string; current: 'passkeys' | 'mobile-apps' }) {
  const { t } = useTranslation('admin');
  return (
    <nav aria-label={t('navOrgSettings')} className="subnav">
      <Link to={paths.orgSettingsPasskeys(org)} aria-current={current === 'passkeys' ? 'page' : undefined}>
        {t('orgSettingsPasskeys')}
      </Link>
      <Link to={paths.orgSettingsMobileApps(org)} aria-current={current === 'mobile-apps' ? 'page' : undefined}>
        {t('orgSettingsMobileApps')}
      </Link>
    </nav>
  );
}
