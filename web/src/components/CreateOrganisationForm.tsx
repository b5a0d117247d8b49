import { useId, useState, type FormEvent } from 'react';
import { isApiError, platformApi, type Organisation } from '../api';
import { paths } from '../router';
import { MessageView, type Message, type Report } from './Messages';
import { SetupLinkHandover, emailedText, type Handover, type NewAdmin } from './SetupLinkHandover';

const SOURCE = 'create-organisation';

const SLUG_RULE = 'Lowercase letters, digits and dashes, up to 40, starting and ending with a letter or digit.';

function validationMessage(details: Record<string, unknown> | undefined): string {
  const field = typeof details?.field === 'string' ? details.field : '';
  if (field === 'firstAdmin.username')
    return "Check the admin's username: lowercase letters, digits, dots, dashes and underscores, up to 64.";
  if (field === 'email') return "Check the admin's email address.";
  if (field.endsWith('name')) return "Enter the organisation's name (up to 100 characters).";
  return `Check the short name. ${SLUG_RULE}`;
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
}: {
  onCreated: (org: Organisation) => void;
  /** The page's message ("Created …", or what went wrong), and how to set it. */
  message: Message | null;
  report: Report;
  describeError: (err: unknown) => string | null;
}) {
  const id = useId();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [adminUsername, setAdminUsername] = useState('');
  const [adminEmail, setAdminEmail] = useState('');
  const [handover, setHandover] = useState<Handover | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    report(null);
    setHandover(null);
    const firstAdmin = adminUsername.trim()
      ? { username: adminUsername.trim(), ...(adminEmail.trim() ? { email: adminEmail.trim() } : {}) }
      : undefined;
    try {
      const { organisation, firstAdmin: made } = await platformApi.post<{
        organisation: Organisation;
        firstAdmin: NewAdmin | null;
      }>('/orgs', { name: name.trim(), slug: slug.trim(), ...(firstAdmin ? { firstAdmin } : {}) });
      const signInAddress = new URL(paths.signIn(organisation.slug), window.location.origin).href;
      report({
        kind: 'status',
        text: `Created ${organisation.name}. Its sign-in address is ${signInAddress}${made?.email ? `. ${emailedText(made)}` : ''}`,
        source: SOURCE,
      });
      if (made?.setupLink) setHandover({ orgName: organisation.name, username: made.username, ...made.setupLink });
      setName('');
      setSlug('');
      setSlugEdited(false);
      setAdminUsername('');
      setAdminEmail('');
      onCreated(organisation);
    } catch (err) {
      const text = isApiError(err, 'VALIDATION_FAILED') ? validationMessage(err.details) : describeError(err);
      report(text ? { kind: 'error', text, source: SOURCE } : null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Create organisation</h2>
      <p className="muted">
        A new organisation starts with passkeys not available. Make them available when its administrators are ready.
      </p>
      <MessageView message={message} source={SOURCE} />
      {handover && <SetupLinkHandover handover={handover} onDone={() => setHandover(null)} />}
      <form onSubmit={onSubmit} className="stack">
        <div className="field">
          <label htmlFor={`${id}-name`}>Organisation name</label>
          <input
            id={`${id}-name`}
            required
            maxLength={100}
            autoComplete="off"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              if (!slugEdited) setSlug(suggestSlug(e.target.value));
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-slug`}>Short name (used in addresses)</label>
          <input
            id={`${id}-slug`}
            required
            maxLength={40}
            pattern="[a-z0-9]([a-z0-9\-]{0,38}[a-z0-9])?"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            aria-describedby={`${id}-slug-help`}
            value={slug}
            onChange={(e) => {
              setSlug(e.target.value);
              setSlugEdited(e.target.value !== '');
            }}
          />
          <p id={`${id}-slug-help`} className="field__hint">
            {SLUG_RULE} Members sign in at /o/{slug || 'short-name'}/sign-in.
          </p>
        </div>
        <fieldset className="stack">
          <legend>First administrator</legend>
          <p className="field__hint">
            They get a one-time setup link to set up their account. Leave empty to add one later from the command line.
          </p>
          <div className="field">
            <label htmlFor={`${id}-admin-username`}>Admin's username</label>
            <input
              id={`${id}-admin-username`}
              maxLength={64}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              value={adminUsername}
              onChange={(e) => setAdminUsername(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-admin-email`}>Admin's email</label>
            <input
              id={`${id}-admin-email`}
              type="email"
              maxLength={320}
              autoComplete="off"
              value={adminEmail}
              onChange={(e) => setAdminEmail(e.target.value)}
            />
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Create organisation
          </button>
        </div>
      </form>
    </section>
  );
}
