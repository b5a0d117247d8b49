import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { MobileAppsForm } from './MobileAppsForm';
import { OrgSettingsFrame } from './OrgSettingsFrame';
import { verifierOf } from '../sign-in/useReverify';
import type { Message } from '../shared/Messages';
import { useAdminPage } from '../admin/useAdminData';
import { onlyOperatorsChange, ReadOnlyUnlessOperator } from '../admin/OperatorsOnly';

/**
 * `/o/:org/admin/settings/mobile-apps`: Org Settings › Mobile apps, the apps allowed to use the organisation's
 * passkeys.
 */
export function OrgSettingsMobileAppsPage({ org }: { org: string }) {
  const { t } = useTranslation(['policy', 'admin']);
  const page = useAdminPage(org, t('mobilePageTitle'), '/admin/settings/mobile-apps');
  const { me, info, describeError, setData } = page;
  // Kept here: the form starts afresh after a save, and its confirmation must outlive it.
  const [message, setMessage] = useState<Message | null>(null);

  return (
    <OrgSettingsFrame org={org} page={page} section="mobile-apps">
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
          <ReadOnlyUnlessOperator readOnly={onlyOperatorsChange(org, me)}>
            <MobileAppsForm
              // Starts afresh from what the server saved.
              key={JSON.stringify(data)}
              org={org}
              admin={verifierOf(me)}
              settings={data}
              message={message}
              report={setMessage}
              describeError={describeError}
              onSaved={setData}
            />
          </ReadOnlyUnlessOperator>
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
    </OrgSettingsFrame>
  );
}
