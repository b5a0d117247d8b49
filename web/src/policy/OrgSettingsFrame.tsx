import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminFrame, type AdminShell } from '../admin/AdminFrame';
import { Loaded } from '../shared/Messages';
import { OrgSettingsNav } from './OrgSettingsNav';

/** An Org Settings page: its breadcrumb, heading and the sections' navigation, then its one resource. */
export function OrgSettingsFrame<T>({
  org,
  page,
  section,
  children,
}: {
  org: string;
  /** The page's shell and its one resource (useAdminPage). */
  page: AdminShell & { forbidden: boolean; error: string | null; data: T | null };
  section: 'passkeys' | 'mobile-apps';
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation(['admin', 'policy']);
  // The passkeys page is "Passkey settings", in the breadcrumb just "Passkeys".
  const heading = section === 'passkeys' ? t('policy:heading') : t('orgSettingsMobileApps');
  const here = section === 'passkeys' ? t('policy:breadcrumbHere') : heading;
  return (
    <AdminFrame
      org={org}
      shell={page}
      current="org-settings"
      title={heading}
      breadcrumb={
        <nav aria-label={t('breadcrumb')} className="breadcrumb">
          <ol>
            <li>{t('navOrgSettings')}</li>
            <li aria-current="page">{here}</li>
          </ol>
        </nav>
      }
      subnav={<OrgSettingsNav org={org} current={section} />}
    >
      <Loaded forbidden={page.forbidden} forbiddenText={t('notAdminSettings')} error={page.error} data={page.data}>
        {children}
      </Loaded>
    </AdminFrame>
  );
}
