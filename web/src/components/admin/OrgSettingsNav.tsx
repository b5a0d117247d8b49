import { Link, paths } from '../../router';

/** The sections of Org Settings. Named apart from the top bar's "Passkeys" and "Apps", which are other pages. */
export function OrgSettingsNav({ org, current }: { org: string; current: 'passkeys' | 'mobile-apps' }) {
  return (
    <nav aria-label="Org Settings" className="subnav">
      <Link to={paths.orgSettingsPasskeys(org)} aria-current={current === 'passkeys' ? 'page' : undefined}>
        Passkey settings
      </Link>
      <Link to={paths.orgSettingsMobileApps(org)} aria-current={current === 'mobile-apps' ? 'page' : undefined}>
        Mobile apps
      </Link>
    </nav>
  );
}
