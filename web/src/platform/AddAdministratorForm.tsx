import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFocusOnAppear } from '../shared/focus';
import { FormActions } from '../shared/BusyButton';
import { isRouteError, platformApi, type Organisation } from '../shared/api';
import { PLATFORM_ORG } from '../shared/router';
import { Alert, Status } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { useLatest } from '../shared/hooks';
import { SetupLinkHandover, emailedText, type NewAdmin } from '../enrollment/SetupLinkHandover';
import { AdminFields, EMPTY_ADMIN, adminBody } from './AdminFields';
import { useStepUp, type AdminSelf } from '../admin/useStepUp';

/**
 * "Add administrator" for one organisation: username and email; the setup link is shown once (or emailed, with SMTP).
 */
export function AddAdministratorForm({
  org,
  operator,
  onAdded,
  onClose,
  describeError,
}: {
  org: Organisation;
  /** The signed-in operator, to "Confirm it's you" before the setup link is made. */
  operator: AdminSelf | null;
  onAdded: () => void;
  onClose: () => void;
  describeError: (err: unknown) => string | null;
}) {
  const { t } = useTranslation(['platform', 'admin']);
  const id = useId();
  // Opened from a row's "Add administrator": the keyboard continues from the form's heading.
  const heading = useFocusOnAppear<HTMLHeadingElement>();
  const [admin, setAdmin] = useState(EMPTY_ADMIN);
  const [added, setAdded] = useState<NewAdmin | null>(null);
  const { run, busy, error, setError } = useAction();
  const stepUp = useStepUp(PLATFORM_ORG, operator, t('stepUpAddAdmin'));

  // The administrator as the form holds them: after "Confirm it's you", with any edit made meanwhile.
  async function add() {
    await run(
      async () => {
        setAdded(await platformApi.post('/orgs/:slug/admins', adminBody(admin), { params: { slug: org.slug } }));
        onAdded();
      },
      {
        onError: (err) => {
          if (stepUp.needsConfirmation(err, () => void latestAdd.current())) return;
          setError(
            isRouteError(err, 'POST /api/platform/orgs/:slug/admins', 'VALIDATION_FAILED')
              ? t('checkAdmin')
              : describeError(err),
          );
        },
      },
    );
  }

  const latestAdd = useLatest(add);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void add();
  };

  return (
    <section className="section panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        {t('addAdminTo', { name: org.name })}
      </h2>
      {added?.setupLink ? (
        <SetupLinkHandover
          handover={{ orgName: org.name, username: added.username, ...added.setupLink }}
          onDone={onClose}
        />
      ) : added ? (
        <div className="stack">
          <Status message={emailedText(added)} />
          <p className="actions">
            <button type="button" className="button" onClick={onClose}>
              {t('done')}
            </button>
          </p>
        </div>
      ) : (
        <form onSubmit={onSubmit} className="stack">
          <Alert message={error} />
          <AdminFields idPrefix={id} value={admin} required onChange={setAdmin} />
          <FormActions submit={t('addAdmin')} busy={busy} actions={[{ label: t('admin:cancel'), onClick: onClose }]} />
        </form>
      )}
      {/* Outside the form: the prompt has a form of its own. */}
      {stepUp.panel}
    </section>
  );
}
