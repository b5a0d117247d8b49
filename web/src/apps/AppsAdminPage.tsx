import { useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Table } from '../shared/Table';
import { orgApi } from '../shared/api';
import { useAdminAction } from '../admin/useAdminAction';
import { useStepUp } from '../admin/useStepUp';
import { verifierOf } from '../sign-in/useReverify';
import { BusyButton } from '../shared/BusyButton';
import { useConfirmation } from '../shared/ConfirmDialog';
import { AdminFrame } from '../admin/AdminFrame';
import { Loaded, MessageView } from '../shared/Messages';
import { useAdminPage } from '../admin/useAdminData';
import { onlyOperatorsChange, OperatorsOnlyNote } from '../admin/OperatorsOnly';
import { AppForm } from './AppForm';
import { ClientSecretPanel, type ShownSecret } from './ClientSecretPanel';
import type { App } from './appsApi';

const LIST = 'apps';

/** `/o/:org/admin/apps`: the apps that sign their users in through this organisation. */
export function AppsAdminPage({ org }: { org: string }) {
  const { t } = useTranslation(['apps', 'admin']);
  // After a deletion the row is gone: focus goes to the page's heading.
  const heading = useRef<HTMLHeadingElement>(null);
  const page = useAdminPage(org, t('admin:navApps'), '/admin/apps');
  const { me, info, describeError, data, error, forbidden, reload } = page;
  const [adding, setAdding] = useState(false);
  // The app whose settings are open in place of the table: one form at a time.
  const [editing, setEditing] = useState<App | null>(null);
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  const admin = verifierOf(me);
  const stepUp = useStepUp(org, admin, t('stepUpReason'));
  // In `platform` its apps get the operators' sign-ins: its admins see them, only operators change them.
  const readOnly = onlyOperatorsChange(org, me);

  const { run, busy, message } = useAdminAction({ source: LIST, reload, stepUp, describeError });

  const rotate = (app: App) =>
    run(async () => {
      const { clientSecret } = await orgApi(org).post('/admin/apps/:clientId/rotate-secret', {
        params: { clientId: app.clientId },
      });
      setSecret({ app: app.name, clientId: app.clientId, value: clientSecret });
      return t('rotated', { name: app.name });
    });
  // The old secret stops working at once: the app cannot sign anyone in until it has the new one.
  const confirmRotate = useConfirmation<App>(busy, (app) => ({
    title: t('rotateTitle', { name: app.name }),
    confirmLabel: t('rotateConfirm'),
    children: <p>{t('rotateNote', { name: app.name })}</p>,
    onConfirm: () => void rotate(app),
  }));

  // Disabling signs its members out of it: asked first. Enabling gives nothing back but the app: done at once.
  const disable = (app: App) =>
    run(async () => {
      await orgApi(org).post('/admin/apps/:clientId/disable', { params: { clientId: app.clientId } });
      return t('disabled', { name: app.name });
    });
  const confirmDisable = useConfirmation<App>(busy, (app) => ({
    title: t('disableTitle', { name: app.name }),
    confirmLabel: t('disableConfirm'),
    children: <p>{t('disableNote', { name: app.name })}</p>,
    onConfirm: () => void disable(app),
  }));
  const enable = (app: App) =>
    run(async () => {
      await orgApi(org).post('/admin/apps/:clientId/enable', { params: { clientId: app.clientId } });
      return t('enabled', { name: app.name });
    });

  const remove = (app: App) =>
    run(async () => {
      await orgApi(org).del('/admin/apps/:clientId', { params: { clientId: app.clientId } });
      heading.current?.focus();
      return t('deleted', { name: app.name });
    });
  const confirmDelete = useConfirmation<App>(busy, (app) => ({
    title: t('deleteTitle', { name: app.name }),
    confirmLabel: t('deleteConfirm'),
    children: <p>{t('deleteNote')}</p>,
    onConfirm: () => void remove(app),
  }));

  /** An app's row buttons: `name` is what a screen reader says (the app's name in it), `label` what shows. */
  const actionsOf = (app: App) => {
    const action = (label: string, name: string, run: () => void, danger = false) => ({ label, name, run, danger });
    return [
      action(t('edit'), t('editLabel', { name: app.name }), () => {
        setAdding(false);
        setEditing(app);
      }),
      app.disabledAt === null
        ? action(t('disable'), t('disableLabel', { name: app.name }), () => confirmDisable.ask(app))
        : action(t('enable'), t('enableLabel', { name: app.name }), () => void enable(app)),
      ...(app.public ? [] : [action(t('rotate'), t('rotateLabel', { name: app.name }), () => confirmRotate.ask(app))]),
      action(t('admin:delete'), t('deleteLabel', { name: app.name }), () => confirmDelete.ask(app), true),
    ];
  };

  return (
    <AdminFrame org={org} shell={page} current="apps" title={t('admin:navApps')} headingRef={heading} table>
      <Loaded forbidden={forbidden} forbiddenText={t('admin:notAdminSettings')} error={error} data={data}>
        {(data) => (
          <>
            <p className="muted">
              <Trans
                t={t}
                i18nKey="intro"
                values={{ organisation: info?.name ?? org, issuer: data.issuer }}
                components={{ code: <code /> }}
              />
            </p>
            {secret && <ClientSecretPanel key={secret.value} secret={secret} onDone={() => setSecret(null)} />}
            {readOnly ? (
              <OperatorsOnlyNote />
            ) : editing ? (
              <AppForm
                key={editing.clientId}
                org={org}
                admin={admin}
                app={editing}
                describeError={describeError}
                onCancel={() => setEditing(null)}
                onSaved={(app) => {
                  setEditing(null);
                  void run(async () => t('saved', { name: app.name }));
                }}
              />
            ) : adding ? (
              <AppForm
                org={org}
                admin={admin}
                describeError={describeError}
                onCancel={() => setAdding(false)}
                onSaved={(app, clientSecret) => {
                  setAdding(false);
                  if (clientSecret) setSecret({ app: app.name, clientId: app.clientId, value: clientSecret });
                  void run(async () => t('added', { name: app.name, clientId: app.clientId }));
                }}
              />
            ) : (
              <p>
                <button type="button" className="button button--primary" onClick={() => setAdding(true)}>
                  {t('addApp')}
                </button>
              </p>
            )}
            <MessageView message={message} source={LIST} />
            {stepUp.panel}
            {data.apps.length === 0 ? (
              <p>{t('noApps')}</p>
            ) : (
              <Table
                caption={t('admin:navApps')}
                columns={[
                  t('nameLabel'),
                  t('clientId'),
                  t('kindLegend'),
                  t('redirectUris'),
                  ...(readOnly ? [] : [t('actions')]),
                ]}
                stacked
              >
                {data.apps.map((app) => (
                  <tr key={app.clientId}>
                    <th scope="row">
                      {app.firstParty ? app.name : t('thirdPartyName', { name: app.name })}
                      {app.disabledAt !== null && <span className="badge badge--muted">{t('disabledBadge')}</span>}
                    </th>
                    <td data-label={t('clientId')} className="long">
                      <code>{app.clientId}</code>
                    </td>
                    <td data-label={t('kindLegend')}>{app.public ? t('kindPublicShort') : t('kindServerShort')}</td>
                    <td data-label={t('redirectUris')} className="long">
                      <ul className="table__list">
                        {app.redirectUris.map((uri) => (
                          <li key={uri}>{uri}</li>
                        ))}
                      </ul>
                    </td>
                    {!readOnly && (
                      <td data-label={t('actions')}>
                        <div className="actions">
                          {actionsOf(app).map((action) => (
                            <BusyButton
                              key={action.name}
                              type="button"
                              className={action.danger ? 'button button--danger' : 'button'}
                              busy={busy}
                              aria-label={action.name}
                              onClick={action.run}
                            >
                              {action.label}
                            </BusyButton>
                          ))}
                        </div>
                      </td>
                    )}
                  </tr>
                ))}
              </Table>
            )}
            {confirmRotate.dialog}
            {confirmDisable.dialog}
            {confirmDelete.dialog}
          </>
        )}
      </Loaded>
    </AdminFrame>
  );
}
