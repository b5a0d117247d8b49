import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { MobileAppsForm } from './MobileAppsForm';
import { OrgSettingsNav } from './OrgSettingsNav';
import { adminSelfOf } from '../admin/useStepUp';
import { AccountLayout } from '../shared/Layout';
import { Alert, Loaded, type Message } from '../shared/Messages';
import { useAdminPage } from '../admin/useAdminData';

/**
 * `/o/:org/admin/settings/mobile-apps`: Org Settings › Mobile apps, the apps allowed to use the organisation's
 * passkeys.
 */
export function OrgSettingsMobileAppsPage({ org }: { org: string }) {
  const { t } = useTranslation(['policy', 'admin']);
  const { me, meError, info, describeError, data, setData, error, forbidden } = useAdminPage(
    org,
    t('mobilePageTitle'),
    '/admin/settings/mobile-apps',
  );
  // Kept here: the form starts afresh after a save, and its confirmation must outlive it.
  const [message, setMessage] = useState<Message | null>(null);

  return (
    <AccountLayout org={org} orgName={info?.name} current="org-settings" role={me?.user.role}>
      <nav aria-label={t('admin:breadcrumb')} className="breadcrumb">
        <ol>
          <li>{t('admin:navOrgSettings')}</li>
          <li aria-current="page">{t('admin:orgSettingsMobileApps')}</li>
        </ol>
      </nav>
      <h1>{t('admin:orgSettingsMobileApps')}</h1>
      <OrgSettingsNav org={org} current="mobile-apps" />
      <Alert message={meError} />
      <Loaded forbidden={forbidden} forbiddenText={t('admin:notAdminSettings')} error={error} data={data}>
        {(data) => (
          <>
            <p>
              <Trans
                t={t}
                i18nKey="mobileIntro"
                values={{
                  rpId: data.rpId,
                  assetLinks: data.files.assetLinks,
                  appleFile: data.files.appleAppSiteAssociation,
                }}
                components={{ code: <code /> }}
              />
            </p>
            <MobileAppsForm
              // Starts afresh from what the server saved.
              key={JSON.stringify(data)}
              org={org}
              admin={adminSelfOf(me)}
              settings={data}
              message={message}
              report={setMessage}
              describeError={describeError}
              onSaved={setData}
            />
            {data.android.length > 0 && (
              <section className="section" aria-labelledby="origins-heading">
                <h2 id="origins-heading">{t('originsHeading')}</h2>
                <p className="muted">{t('originsIntro', { organisation: info?.name ?? org })}</p>
                <ul>
                  {data.android.flatMap((app) =>
                    app.origins.map((origin) => (
                      <li key={origin}>
                        <Trans
                          t={t}
                          i18nKey="originOf"
                          values={{ packageName: app.packageName, origin }}
                          components={{ code: <code /> }}
                        />
                      </li>
                    )),
                  )}
                </ul>
              </section>
            )}
          </>
        )}
      </Loaded>
    </AccountLayout>
  );
}
