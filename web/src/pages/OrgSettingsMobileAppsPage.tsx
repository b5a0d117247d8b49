import { useState } from 'react';
import type { MobileAppsSettings } from '../adminApi';
import { MobileAppsForm } from '../components/admin/MobileAppsForm';
import { OrgSettingsNav } from '../components/admin/OrgSettingsNav';
import { adminSelfOf } from '../components/admin/useStepUp';
import { AccountLayout } from '../components/Layout';
import { Alert, Loading, type Message } from '../components/Messages';
import { useAdminPage } from '../useAdminData';

const NOT_ADMIN = 'Only administrators of this organisation can change its settings.';

/** `/o/:org/admin/settings/mobile-apps`: Org Settings › Mobile apps, the apps allowed to use the organisation's passkeys. */
export function OrgSettingsMobileAppsPage({ org }: { org: string }) {
  const { me, meError, info, describeError, data, setData, error, forbidden } = useAdminPage<MobileAppsSettings>(
    org,
    'Org Settings › Mobile apps',
    '/admin/settings/mobile-apps',
  );
  // Kept here: the form starts afresh after a save, and its confirmation must outlive it.
  const [message, setMessage] = useState<Message | null>(null);

  return (
    <AccountLayout org={org} orgName={info?.name} current="org-settings" role={me?.user.role}>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>Org Settings</li>
          <li aria-current="page">Mobile apps</li>
        </ol>
      </nav>
      <h1>Mobile apps</h1>
      <OrgSettingsNav org={org} current="mobile-apps" />
      <Alert message={meError} />
      {forbidden ? (
        <Alert message={NOT_ADMIN} />
      ) : !data ? (
        error ? (
          <Alert message={error} />
        ) : (
          <Loading />
        )
      ) : (
        <>
          <p>
            Your Android and iOS apps can let members sign in with their passkeys for <code>{data.rpId}</code>. List
            them here: Latchkey publishes them at <code>{data.files.assetLinks}</code> and{' '}
            <code>{data.files.appleAppSiteAssociation}</code>, where phones check them, and accepts passkey sign-ins
            from the Android apps signed with the keys you list.
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
              <h2 id="origins-heading">Accepted passkey origins</h2>
              <p className="muted">
                What Android puts in a passkey response from each app; the server accepts these for {info?.name ?? org}{' '}
                only.
              </p>
              <ul>
                {data.android.flatMap((app) =>
                  app.origins.map((origin) => (
                    <li key={origin}>
                      {app.packageName}: <code>{origin}</code>
                    </li>
                  )),
                )}
              </ul>
            </section>
          )}
        </>
      )}
    </AccountLayout>
  );
}
