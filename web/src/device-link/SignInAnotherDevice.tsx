import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  isRouteError,
  orgApi,
  type AuthenticationResponseJSON,
  type DeviceLinkRequest,
  type User,
} from '../shared/api';
import { formatDate } from '../shared/format';
import { authenticate, promptCancelledMessage, signalUnknownCredential } from '../passkeys/passkeys';
import { BusyButton, FormActions } from '../shared/BusyButton';
import { MessageView, type Reporting } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { focusOnMount, useReturnFocus } from '../shared/focus';
import { CodeField, PasswordField } from '../shared/Fields';

const SOURCE = 'another-device';
/** The requests that answer DEVICE_LINK_NOT_FOUND once the request has expired or been decided elsewhere. */
const DECISIONS = [
  'POST /api/o/:org/me/device-links/:id/approve/options',
  'POST /api/o/:org/me/device-links/:id/approve',
  'POST /api/o/:org/me/device-links/:id/deny',
] as const;

/**
 * A code as typed (any case, with or without the dash, spaces around), as shown: `ABCD-EFGH`; null when it cannot be
 * one.
 */
export function normaliseCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (!/^[A-Z0-9]{8}$/.test(code)) return null;
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * Settings > Passkeys > "Sign in to another device": enter the code the new device shows, check what is
 * asking, then "Approve" (with a passkey, or the password when the user has no passkey) or "Deny".
 */
export function SignInAnotherDevice({
  org,
  rpId,
  user,
  passkeysAccepted,
  message,
  report,
  describeError,
}: Reporting & {
  org: string;
  rpId: string;
  user: User;
  /** The user's passkeys sign them in (so they approve with one when they have one). */
  passkeysAccepted: boolean;
}) {
  const api = orgApi(org);
  const { t } = useTranslation('device-link');
  const id = useId();
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState('');
  const [request, setRequest] = useState<DeviceLinkRequest | null>(null);
  const [password, setPassword] = useState('');
  const { run, busy } = useAction();
  const heading = useRef<HTMLHeadingElement>(null);
  const { opener: openButton, returnOnClose } = useReturnFocus(open);
  const withPasskey = passkeysAccepted && user.passkeyCount > 0;

  const fail = (text: string | null) => report(text ? { kind: 'error', text, source: SOURCE } : null);

  // Back on the button that opened the panel once it closes (useReturnFocus); on the panel's heading when a
  // request is shown (on its password field instead, when there is one).
  useEffect(() => {
    if (request && withPasskey) heading.current?.focus();
  }, [request, withPasskey]);

  function start() {
    report(null);
    setCode('');
    setRequest(null);
    setPassword('');
    setOpen(true);
  }

  function close(done?: string) {
    report(done ? { kind: 'status', text: done, source: SOURCE } : null);
    setRequest(null);
    setCode('');
    setPassword('');
    returnOnClose();
    setOpen(false);
  }

  /** The request is gone (expired, or decided elsewhere): say so, and ask for a code again. */
  function requestGone(err: unknown) {
    setRequest(null);
    setCode('');
    setPassword('');
    fail(describeError(err));
  }

  function failOrGone(err: unknown) {
    if (isRouteError(err, DECISIONS, 'DEVICE_LINK_NOT_FOUND')) requestGone(err);
    else fail(describeError(err));
  }

  async function verifyCode(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const normalised = normaliseCode(code);
    if (!normalised) {
      fail(t('codeMalformed'));
      return;
    }
    await run(
      async () => {
        report(null);
        const { request: found } = await api.post('/me/device-links/lookup', { code: normalised });
        setPassword('');
        setRequest(found);
      },
      { onError: (err) => fail(describeError(err)) },
    );
  }

  async function approve(event: FormEvent) {
    event.preventDefault();
    if (!request) return;
    const params = { id: request.id };
    await run(
      async () => {
        report(null);
        if (withPasskey) {
          const { options } = await api.post('/me/device-links/:id/approve/options', { params });
          let response: AuthenticationResponseJSON;
          try {
            response = await authenticate(options);
          } catch {
            fail(promptCancelledMessage('none'));
            return;
          }
          try {
            await api.post('/me/device-links/:id/approve', { response }, { params });
          } catch (err) {
            // A passkey no organisation knows (not PASSKEY_OTHER_ORGANISATION): ask the device to stop offering it.
            if (isRouteError(err, 'POST /api/o/:org/me/device-links/:id/approve', 'PASSKEY_UNKNOWN')) {
              await signalUnknownCredential(rpId, response.id);
            }
            throw err;
          }
        } else {
          await api.post('/me/device-links/:id/approve', { password }, { params });
        }
        close(t('approvedStatus'));
      },
      { onError: failOrGone },
    );
  }

  async function deny() {
    if (!request) return;
    await run(
      async () => {
        report(null);
        await api.post('/me/device-links/:id/deny', { params: { id: request.id } });
        close(t('deniedStatus'));
      },
      { onError: failOrGone },
    );
  }

  if (!open) {
    return (
      <div className="another-device">
        <p>
          <button type="button" ref={openButton} className="button" onClick={start}>
            {t('signInToAnotherDevice')}
          </button>
        </p>
        <MessageView message={message} source={SOURCE} />
      </div>
    );
  }

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        {t('signInToAnotherDevice')}
      </h2>
      {!request ? (
        <>
          <p>{t('enterCodeIntro')}</p>
          <MessageView message={message} source={SOURCE} />
          <form onSubmit={verifyCode} className="stack">
            <CodeField
              id={`${id}-code`}
              label={t('codeLabel')}
              hint={t('codeHelp')}
              autoComplete="off"
              autoCorrect="off"
              maxLength={32}
              inputRef={focusOnMount}
              value={code}
              onValue={setCode}
            />
            <FormActions
              submit={t('verifyCodeButton')}
              busy={busy}
              actions={[{ label: t('cancelButton'), onClick: () => close() }]}
            />
          </form>
        </>
      ) : (
        <>
          <p>{t('approveWarning')}</p>
          <dl className="request-details">
            <div>
              <dt>{t('browserAndOs')}</dt> <dd>{request.userAgentLabel ?? t('unknown')}</dd>
            </div>
            <div>
              <dt>{t('ipAddress')}</dt> <dd>{request.ip ?? t('unknown')}</dd>
            </div>
            <div>
              <dt>{t('requested')}</dt> <dd>{formatDate(request.createdAt)}</dd>
            </div>
          </dl>
          <MessageView message={message} source={SOURCE} />
          <form onSubmit={approve} className="stack">
            {!withPasskey && (
              <PasswordField
                id={`${id}-password`}
                label={t('passwordLabel')}
                hint={t('passwordHelp')}
                autoComplete="current-password"
                inputRef={focusOnMount}
                value={password}
                onValue={setPassword}
              />
            )}
            <FormActions
              submit={t('approveButton')}
              busy={busy}
              actions={[
                { label: t('denyButton'), onClick: () => void deny(), className: 'button button--danger-quiet' },
              ]}
            />
          </form>
          <p>
            <BusyButton type="button" className="button button--link" onClick={() => close()} busy={busy}>
              {t('cancelButton')}
            </BusyButton>
          </p>
        </>
      )}
    </section>
  );
}
