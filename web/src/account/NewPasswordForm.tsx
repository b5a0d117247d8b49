import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isRouteError, orgApi, type User } from '../shared/api';
import { FormActions } from '../shared/BusyButton';
import { reportError, type Report } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { useReverify } from '../sign-in/useReverify';
import { focusOnMount } from '../shared/focus';
import { PasswordField } from '../shared/Fields';

/**
 * "New password" + "Save password". When the server first wants to know it's really you, shows
 * "Confirm it's you", then saves.
 */
export function NewPasswordForm({
  org,
  user,
  passkeysEnabled,
  source,
  report,
  describeError,
  onSaved,
  extraActions,
}: {
  org: string;
  user: User;
  passkeysEnabled: boolean;
  /** Which part of the page its messages belong to. */
  source: string;
  report: Report;
  describeError: (err: unknown) => string | null;
  onSaved: (user: User) => void;
  /** More buttons beside "Save password" ("Cancel", "Skip"). */
  extraActions?: ReactNode;
}) {
  const { t } = useTranslation('account');
  const id = useId();
  const [password, setPassword] = useState('');
  const { run, busy } = useAction();
  const reverify = useReverify(org, { user, passkeysEnabled }, t('purposeChangePassword'));

  async function save() {
    await run(
      async () => {
        report(null);
        const { user: updated } = await orgApi(org).put('/me/password', {
          password,
        });
        setPassword('');
        report({ kind: 'status', text: t('passwordSaved'), source });
        onSaved(updated);
      },
      {
        onError: (err) => {
          if (isRouteError(err, 'PUT /api/o/:org/me/password', 'REVERIFY_REQUIRED'))
            reverify.confirmThen(() => void save());
          else reportError(report, source, describeError)(err);
        },
      },
    );
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void save();
  }

  if (reverify.open) return reverify.panel;

  return (
    <form onSubmit={onSubmit} className="stack">
      <PasswordField
        account={user.email ?? user.username}
        id={`${id}-new-password`}
        label={t('newPasswordLabel')}
        hint={t('newPasswordHint')}
        autoComplete="new-password"
        inputRef={focusOnMount}
        value={password}
        onValue={setPassword}
      />
      <FormActions submit={t('savePasswordButton')} busy={busy}>
        {extraActions}
      </FormActions>
    </form>
  );
}
