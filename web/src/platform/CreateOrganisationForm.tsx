import type { TFunction } from 'i18next';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isRouteError, platformApi, type Organisation } from '../shared/api';
import { PLATFORM_ORG, paths } from '../shared/router';
import { FormActions } from '../shared/BusyButton';
import { MessageView, reportError, type Reporting } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { useLatest } from '../shared/hooks';
import { SetupLinkHandover, emailedText, type Handover } from '../enrollment/SetupLinkHandover';
import { AS_TYPED, TextField } from '../shared/Fields';
import { AdminFields, EMPTY_ADMIN, adminBody } from './AdminFields';
import { useStepUp, type AdminSelf } from '../admin/useStepUp';

const SOURCE = 'create-organisation';

/** What "Create organisation" sends. */
interface CreateBody {
  name: string;
  slug: string;
  firstAdmin?: ReturnType<typeof adminBody>;
}

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
  operator,
  onCreated,
  message,
  report,
  describeError,
}: Reporting & {
  /** The signed-in operator, to "Confirm it's you" before the organisation is made. */
  operator: AdminSelf | null;
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
  const { run, busy } = useAction();
  const stepUp = useStepUp(PLATFORM_ORG, operator, t('stepUpCreate'));

  const describe = (err: unknown) =>
    isRouteError(err, 'POST /api/platform/orgs', 'VALIDATION_FAILED')
      ? validationMessage(t, err.details)
      : describeError(err);

  // The organisation as the form holds it: after "Confirm it's you", with any edit made meanwhile.
  async function create() {
    const firstAdmin = admin.username.trim() ? adminBody(admin) : undefined;
    const body: CreateBody = { name: name.trim(), slug: slug.trim(), ...(firstAdmin ? { firstAdmin } : {}) };
    await run(
      async () => {
        report(null);
        setHandover(null);
        const { organisation, firstAdmin: made } = await platformApi.post('/orgs', body);
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
        onError: (err) => {
          if (stepUp.needsConfirmation(err, () => void latestCreate.current())) return;
          reportError(report, SOURCE, describe)(err);
        },
      },
    );
  }

  const latestCreate = useLatest(create);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void create();
  };

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
        <fieldset className="choices stack" aria-describedby={`${id}-admin-help`}>
          <legend>{t('firstAdmin')}</legend>
          <p id={`${id}-admin-help`} className="field__hint">
            {t('firstAdminHelp')}
          </p>
          <AdminFields idPrefix={`${id}-admin`} value={admin} onChange={setAdmin} />
        </fieldset>
        <FormActions submit={t('createButton')} busy={busy} />
      </form>
      {/* Outside the form: the prompt has a form of its own. */}
      {stepUp.panel}
    </section>
  );
}
