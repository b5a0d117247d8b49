import { useState } from 'react';
import { orgApi } from '../api';
import { useAdminAction } from '../components/admin/useAdminAction';
import { adminSelfOf, useStepUp } from '../components/admin/useStepUp';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { AccountLayout } from '../components/Layout';
import { Alert, Loading, MessageView } from '../components/Messages';
import { NOT_ADMIN, useAdminPage } from '../useAdminData';
import { AddAppForm } from './AddAppForm';
import type { App, AppsList } from './appsApi';

const LIST = 'apps';

/** `/o/:org/admin/apps`: the apps that sign their users in through this organisation. */
export function AppsAdminPage({ org }: { org: string }) {
  const { me, meError, info, describeError, data, error, forbidden, reload } = useAdminPage<AppsList>(
    org,
    'Apps',
    '/admin/apps',
  );
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<{ app: string; clientId: string; value: string } | null>(null);
  const [deleting, setDeleting] = useState<App | null>(null);
  const stepUp = useStepUp(org, adminSelfOf(me), 'before changing an app');

  const { run, busy, message } = useAdminAction({ source: LIST, reload, stepUp, describeError });

  const rotate = (app: App) =>
    run(async () => {
      const { clientSecret } = await orgApi(org).post<{ clientSecret: string }>(
        `/admin/apps/${encodeURIComponent(app.clientId)}/rotate-secret`,
      );
      setSecret({ app: app.name, clientId: app.clientId, value: clientSecret });
      return `${app.name} has a new secret; the old one no longer works`;
    });

  const remove = (app: App) =>
    run(async () => {
      await orgApi(org).del(`/admin/apps/${encodeURIComponent(app.clientId)}`);
      setDeleting(null);
      return `Deleted ${app.name}; its members are signed out of it`;
    });

  return (
    <AccountLayout org={org} orgName={info?.name} current="apps" role={me?.user.role}>
      <h1>Apps</h1>
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
          <p className="muted">
            Apps sign their users in through {info?.name ?? org} with OpenID Connect: passkeys, Force Passkey Setup and
            recovery apply to all of them. Issuer: <code>{data.issuer}</code>
          </p>
          {secret && (
            <div className="panel" role="status" aria-labelledby="secret-title">
              <h2 id="secret-title">Client secret for {secret.app}</h2>
              <p>Copy it now: it is not shown again.</p>
              <dl className="details">
                <dt>Client ID</dt>
                <dd>
                  <code data-testid="client-id">{secret.clientId}</code>
                </dd>
                <dt>Client secret</dt>
                <dd>
                  <code data-testid="client-secret">{secret.value}</code>
                </dd>
              </dl>
              <button type="button" className="button" onClick={() => setSecret(null)}>
                Done
              </button>
            </div>
          )}
          {adding ? (
            <AddAppForm
              org={org}
              describeError={describeError}
              onCancel={() => setAdding(false)}
              onAdded={(app, clientSecret) => {
                setAdding(false);
                if (clientSecret) setSecret({ app: app.name, clientId: app.clientId, value: clientSecret });
                void run(async () => `Added ${app.name}. Client ID: ${app.clientId}`);
              }}
            />
          ) : (
            <p>
              <button type="button" className="button button--primary" onClick={() => setAdding(true)}>
                Add app
              </button>
            </p>
          )}
          <MessageView message={message} source={LIST} />
          {stepUp.panel}
          {data.apps.length === 0 ? (
            <p>No apps yet.</p>
          ) : (
            <table className="table">
              <caption className="visually-hidden">Apps</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Client ID</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Redirect URIs</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {data.apps.map((app) => (
                  <tr key={app.clientId}>
                    <th scope="row">
                      {app.name}
                      {app.firstParty ? '' : ' (asks members to allow it)'}
                    </th>
                    <td>
                      <code>{app.clientId}</code>
                    </td>
                    <td>{app.public ? 'Browser or mobile' : 'Server'}</td>
                    <td>{app.redirectUris.join(', ')}</td>
                    <td className="actions">
                      {!app.public && (
                        <button
                          type="button"
                          className="button"
                          disabled={busy}
                          aria-label={`Rotate the secret of ${app.name}`}
                          onClick={() => void rotate(app)}
                        >
                          Rotate secret
                        </button>
                      )}
                      <button
                        type="button"
                        className="button button--danger"
                        disabled={busy}
                        aria-label={`Delete ${app.name}`}
                        onClick={() => setDeleting(app)}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {deleting && (
            <ConfirmDialog
              title={`Delete ${deleting.name}?`}
              confirmLabel="Delete app"
              busy={busy}
              onCancel={() => setDeleting(null)}
              onConfirm={() => void remove(deleting)}
            >
              <p>Members are signed out of it, and it can no longer sign anyone in.</p>
            </ConfirmDialog>
          )}
        </>
      )}
    </AccountLayout>
  );
}
