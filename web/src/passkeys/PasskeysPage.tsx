import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi, type Passkey, type User } from '../shared/api';
import { AddPasskey } from './AddPasskey';
import { AccountLayout } from '../shared/Layout';
import { Alert, Loading, MessageView, reportError, type Message, type Reporting } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { PasskeyList } from './PasskeyList';
import { PasswordSection } from '../account/PasswordSection';
import { ProfileSection } from '../account/ProfileSection';
import { SignInAnotherDevice } from '../device-link/SignInAnotherDevice';
import { useAuthErrorHandler, useMe, useOrgInfo, useTitle } from '../shared/hooks';
import { useReverify } from '../sign-in/useReverify';
import { signalUnknownCredential } from './passkeys';

const LIST = 'passkey-list';

/**
 * `/o/:org/settings/passkeys`: Settings > Passkeys (add, see, rename, delete; "Sign in to another device"
 * with the code it shows), plus password and profile.
 */
export function PasskeysPage({ org }: { org: string }) {
  const { t } = useTranslation(['passkeys', 'account']);
  useTitle(t('title'));
  const api = orgApi(org);
  const { me, setMe, reload, error: meError } = useMe(org);
  const { info } = useOrgInfo(org);
  const describeError = useAuthErrorHandler(org);
  const [passkeys, setPasskeys] = useState<Passkey[] | null>(null);
  const [thisDevicePasskeyId, setThisDevicePasskeyId] = useState<string | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const reporting: Reporting = { message, report: setMessage, describeError };
  const { run, busy } = useAction();

  const loadPasskeys = useCallback(async () => {
    try {
      const answer = await orgApi(org).get('/me/passkeys');
      setPasskeys(answer.passkeys);
      setThisDevicePasskeyId(answer.thisDevicePasskeyId);
      setListError(null);
    } catch (err) {
      setListError(describeError(err));
    }
  }, [org, describeError]);

  useEffect(() => {
    void loadPasskeys();
  }, [loadPasskeys]);

  const user = me?.user;
  const passkeysOffered = me?.policy.passkeysOffered ?? false;
  // Whether the user's passkeys sign them in (and so can confirm it's them): offered, or their only way in.
  const passkeysAccepted = passkeysOffered || (!!user && user.passkeyCount > 0 && !user.hasPassword);
  const verifier = user
    ? { user, passkeysEnabled: passkeysAccepted, passwordAllowed: me?.policy.passwordSignInAllowed }
    : null;
  const reverify = useReverify(org, verifier, t('account:purposeDeletePasskey'));

  const setUser = (user: User) => setMe((current) => (current ? { ...current, user } : current));

  async function rename(passkey: Passkey, name: string): Promise<boolean> {
    return run(
      async () => {
        setMessage(null);
        const { passkey: updated } = await api.patch('/me/passkeys/:id', { name }, { params: { id: passkey.id } });
        setPasskeys((list) => list?.map((p) => (p.id === updated.id ? updated : p)) ?? null);
        setMessage({ kind: 'status', text: t('renamedStatus'), source: LIST });
      },
      { onError: reportError(setMessage, LIST, describeError) },
    );
  }

  /** Deleting asks "Confirm it's you" after 5 minutes without a verification, then deletes. */
  async function remove(passkey: Passkey): Promise<void> {
    await run(
      async () => {
        setMessage(null);
        const { signal } = await api.del('/me/passkeys/:id', { params: { id: passkey.id } });
        // Ask the device to forget it too, so it is no longer offered at sign-in.
        await signalUnknownCredential(signal.rpId, signal.credentialId);
        setPasskeys((list) => list?.filter((p) => p.id !== passkey.id) ?? null);
        setMessage({ kind: 'status', text: t('deletedStatus'), source: LIST });
        await Promise.all([loadPasskeys(), reload()]);
      },
      {
        onError: (err) => {
          if (!reverify.needsConfirmation(err, () => void remove(passkey)))
            reportError(setMessage, LIST, describeError)(err);
        },
      },
    );
  }

  return (
    <AccountLayout org={org} orgName={info?.name} current="passkeys" role={user?.role}>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <Alert message={meError} />
      {!me || !user || !info ? (
        !meError && <Loading />
      ) : (
        <>
          <div className="section">
            {passkeysOffered ? (
              <AddPasskey
                org={org}
                user={user}
                passkeysEnabled={passkeysAccepted}
                passwordAllowed={me.policy.passwordSignInAllowed}
                {...reporting}
                onAdded={() => void Promise.all([loadPasskeys(), reload()])}
              />
            ) : (
              <p className="hint">{t('notEnabled')}</p>
            )}
            <SignInAnotherDevice
              org={org}
              rpId={info.rpId}
              user={user}
              passkeysAccepted={passkeysAccepted}
              {...reporting}
            />
            {reverify.panel}
            <MessageView message={message} source={LIST} />
            <Alert message={listError} />
            {passkeys ? (
              <PasskeyList
                passkeys={passkeys}
                thisDevicePasskeyId={thisDevicePasskeyId}
                busy={busy}
                onRename={rename}
                onDelete={remove}
              />
            ) : (
              !listError && <Loading />
            )}
          </div>
          <PasswordSection
            org={org}
            user={user}
            passkeysEnabled={passkeysAccepted}
            passwordAllowed={me.policy.passwordSignInAllowed}
            {...reporting}
            onUser={setUser}
          />
          <ProfileSection org={org} user={user} {...reporting} onUser={setUser} />
        </>
      )}
    </AccountLayout>
  );
}
