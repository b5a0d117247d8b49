import { useId, useState, type FormEvent } from 'react';
import { useFocusOnAppear } from '../shared/focus';
import { useTranslation } from 'react-i18next';
import { isApiError, orgApi } from '../shared/api';
import { FormActions } from '../shared/BusyButton';
import { CheckboxField, RadioGroup, TextField } from '../shared/Fields';
import { TextAreaField } from '../shared/TextAreaField';
import { Alert } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { useLatest } from '../shared/hooks';
import { useStepUp, type AdminSelf } from '../admin/useStepUp';
import type { App } from './appsApi';

// The fields the server names in APP_INVALID, and their labels on this form.
const FIELD_LABELS: Record<string, 'nameLabel' | 'redirectUris' | 'logoutUris' | 'backchannelUri'> = {
  name: 'nameLabel',
  redirectUris: 'redirectUris',
  postLogoutRedirectUris: 'logoutUris',
  backchannelLogoutUri: 'backchannelUri',
};

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * "Add app" (no `app`) or "Edit app": name, kind (public or confidential, chosen once), its addresses, and whether
 * it is the organisation's own. The addresses decide where members' codes go: "Confirm it's you" first when the
 * server asks. The client id and secret do not change.
 */
export function AppForm({
  org,
  admin,
  app,
  describeError,
  onSaved,
  onCancel,
}: {
  org: string;
  admin: AdminSelf | null;
  app?: App;
  describeError: (err: unknown) => string | null;
  onSaved: (app: App, clientSecret: string | null) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation(['apps', 'admin']);
  const id = useId();
  // The form opens in place of the "Add app" button or the app's row: the keyboard continues from its heading.
  const heading = useFocusOnAppear<HTMLHeadingElement>();
  const [name, setName] = useState(app?.name ?? '');
  const [kind, setKind] = useState<'confidential' | 'public'>(app?.public ? 'public' : 'confidential');
  const [redirectUris, setRedirectUris] = useState(app?.redirectUris.join('\n') ?? '');
  const [logoutUris, setLogoutUris] = useState(app?.postLogoutRedirectUris.join('\n') ?? '');
  const [backchannel, setBackchannel] = useState(app?.backchannelLogoutUri ?? '');
  const [firstParty, setFirstParty] = useState(app?.firstParty ?? true);
  const { run, busy, error } = useAction();
  const stepUp = useStepUp(org, admin, app ? t('stepUpReason') : t('stepUpAdd'));
  const title = app ? t('editTitle', { name: app.name }) : t('addApp');

  async function save() {
    const settings = {
      name,
      redirectUris: lines(redirectUris),
      postLogoutRedirectUris: lines(logoutUris),
      backchannelLogoutUri: backchannel.trim() || null,
      firstParty,
    };
    // Busy until the form closes: saving ends it.
    await run(
      async () => {
        if (app) {
          const saved = await orgApi(org).put('/admin/apps/:clientId', settings, {
            params: { clientId: app.clientId },
          });
          onSaved(saved.app, null);
        } else {
          const created = await orgApi(org).post('/admin/apps', { ...settings, public: kind === 'public' });
          onSaved(created.app, created.clientSecret);
        }
      },
      {
        describe: (err) =>
          stepUp.needsConfirmation(err, () => void latestSave.current())
            ? ''
            : (invalidField(err) ?? describeError(err)),
        keepBusy: true,
      },
    );
  }
  const latestSave = useLatest(save);

  /** A setting the server refused, named as the form labels it, with the server's rule (in English). */
  function invalidField(err: unknown): string | null {
    if (!isApiError(err, 'APP_INVALID') || typeof err.details?.field !== 'string') return null;
    const label = FIELD_LABELS[err.details.field];
    const rule = typeof err.details.rule === 'string' ? err.details.rule : null;
    return label && rule ? t('invalidField', { field: t(label), rule }) : null;
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };

  return (
    <>
      <form className="panel stack" onSubmit={submit} aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} tabIndex={-1} ref={heading}>
          {title}
        </h2>
        <Alert message={error} />
        <TextField
          id={`${id}-name`}
          label={t('nameLabel')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={100}
        />
        {app ? (
          <p>
            {t('kindLegend')}: {app.public ? t('kindPublic') : t('kindServer')}
          </p>
        ) : (
          <RadioGroup
            legend={t('kindLegend')}
            name={`${id}-kind`}
            options={[
              { value: 'confidential', label: t('kindServer') },
              { value: 'public', label: t('kindPublic') },
            ]}
            value={kind}
            onChange={setKind}
          />
        )}
        <TextAreaField
          id={`${id}-redirect`}
          label={t('redirectUris')}
          hint={t('redirectHelp')}
          value={redirectUris}
          onChange={(e) => setRedirectUris(e.target.value)}
          required
          rows={3}
        />
        <TextAreaField
          id={`${id}-logout`}
          label={t('logoutUris')}
          value={logoutUris}
          onChange={(e) => setLogoutUris(e.target.value)}
          rows={2}
        />
        <TextField
          id={`${id}-backchannel`}
          label={t('backchannelUri')}
          value={backchannel}
          onChange={(e) => setBackchannel(e.target.value)}
        />
        <CheckboxField
          label={t('firstPartyLabel')}
          help={t('firstPartyHelp')}
          checked={firstParty}
          onChange={setFirstParty}
        />
        <FormActions
          submit={app ? t('saveChanges') : t('addApp')}
          busy={busy}
          actions={[{ label: t('admin:cancel'), onClick: onCancel, className: 'button button--quiet' }]}
        />
      </form>
      {/* Outside the form, on the page: the prompt has a form of its own, and takes focus. */}
      {stepUp.panel}
    </>
  );
}
