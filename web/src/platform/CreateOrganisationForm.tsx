import type { TFunction } from 'i18next';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isRouteError, platformApi, type Organisation } from '../shared/api';
import { paths } from '../shared/router';
import { FormActions } from '../shared/BusyButton';
import { MessageView, reportError, type Reporting } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { SetupLinkHandover, emailedText, type Handover } from '../enrollment/SetupLinkHandover';
import { AS_TYPED, TextField } from '../shared/Fields';
import { AdminFields, EMPTY_ADMIN, adminBody } from './AdminFields';

const SOURCE = 'create-organisation';

function validationMessage(t: TFunction<'platform'>, details: Record<string, unknown> | undefined): string {
  const field = typeof details?.field === 'string' ? details.field : '';
  if (field === 'firstAdmin.username') return t('checkAdminUsername');
  if (field === 'email') return t('checkAdminEmail');
  if (field.endsWith('name')) return t('checkOrgName');
  return t('checkSlug');
}

/** A short name suggested from the organisation's name ("Acme Ltd." → "acme-ltd"), until one is typed. */
function suggestSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** "Create organisation": name, short name and its first admin, whose setup link is shown once; passkeys start off. */
export function CreateOrganisationForm({
  onCreated,
  message,
  report,
  describeError,
}: Reporting & {
  onCreated: (org: Organisation) => void;
  /** The page's message ("Created …", or what went wrong), and how to set it. */
}) {
  const { t } = useTranslation('platform');
  const id = useId();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [admin, setAdmin] = useState(EMPTY_ADMIN);
  const [handover, setHandover] = useState<Handover | null>(null);
  const { submit, busy } = useAction();

  const onSubmit = submit(
    async () => {
      report(null);
      setHandover(null);
      const firstAdmin = admin.username.trim() ? adminBody(admin) : undefined;
      const { organisation, firstAdmin: made } = await platformApi.post('/orgs', {
        name: name.trim(),
        slug: slug.trim(),
        ...(firstAdmin ? { firstAdmin } : {}),
      });
      const signInAddress = new URL(paths.signIn(organisation.slug), window.location.origin).href;
      report({
        kind: 'status',
        text: made?.email
          ? t('createdEmailed', { name: organisation.name, address: signInAddress, emailed: emailedText(made) })
          : t('created', { name: organisation.name, address: signInAddress }),
        source: SOURCE,
      });
      if (made?.setupLink) setHandover({ orgName: organisation.name, username: made.username, ...made.setupLink });
      setName('');
      setSlug('');
      setSlugEdited(false);
      setAdmin(EMPTY_ADMIN);
      onCreated(organisation);
    },
    {
      onError: reportError(report, SOURCE, (err) =>
        isRouteError(err, 'POST /api/platform/orgs', 'VALIDATION_FAILED')
          ? validationMessage(t, err.details)
          : describeError(err),
      ),
    },
  );

  return (
    <section className="section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('createHeading')}</h2>
      <p className="muted">{t('createIntro')}</p>
      <MessageView message={message} source={SOURCE} />
      {handover && <SetupLinkHandover handover={handover} onDone={() => setHandover(null)} />}
      <form onSubmit={onSubmit} className="stack">
        <TextField
          id={`${id}-name`}
          label={t('orgName')}
          required
          maxLength={100}
          autoComplete="off"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            if (!slugEdited) setSlug(suggestSlug(e.target.value));
          }}
        />
        <TextField
          id={`${id}-slug`}
          label={t('slugLabel')}
          hint={t('slugHelp', { path: `/o/${slug || t('slugExample')}/sign-in` })}
          required
          maxLength={40}
          pattern="[a-z0-9]([a-z0-9\-]{0,38}[a-z0-9])?"
          autoComplete="off"
          {...AS_TYPED}
          value={slug}
          onChange={(e) => {
            setSlug(e.target.value);
            setSlugEdited(e.target.value !== '');
          }}
        />
        <fieldset className="stack">
          <legend>{t('firstAdmin')}</legend>
          <p className="field__hint">{t('firstAdminHelp')}</p>
          <AdminFields idPrefix={`${id}-admin`} value={admin} onChange={setAdmin} />
        </fieldset>
        <FormActions submit={t('createButton')} busy={busy} />
      </form>
    </section>
  );
}
