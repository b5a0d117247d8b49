import i18next from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, platformApi, type Organisation } from '../shared/api';
import { AddAdministratorForm } from './AddAdministratorForm';
import { CreateOrganisationForm } from './CreateOrganisationForm';
import { AdminFrame } from '../admin/AdminFrame';
import { Loaded, MessageView, reportError, type Message } from '../shared/Messages';
import { useRowAction } from '../shared/useAction';
import { OrganisationsTable } from './OrganisationsTable';
import { useAdminShell } from '../admin/useAdminData';
import { useStepUp } from '../admin/useStepUp';
import { verifierOf } from '../sign-in/useReverify';
import { PLATFORM_ORG } from '../shared/router';

function toggledMessage(org: Organisation): string {
  return org.passkeysAvailable
    ? i18next.t('platform:nowAvailable', { name: org.name })
    : i18next.t('platform:noLongerAvailable', { name: org.name });
}

/**
 * `/platform`: the operator console. Operators sign in to the built-in `platform` organisation;
 * anyone else signed in there is told this page is not for them.
 */
export function PlatformPage() {
  const { t } = useTranslation(['platform', 'admin']);
  const org = PLATFORM_ORG;
  const shell = useAdminShell(org, t('admin:navOperatorConsole'));
  const { describeError } = shell;
  // The signed-in operator, to "Confirm it's you" before a change the server asks it for (REVERIFY_REQUIRED).
  const operator = verifierOf(shell.me);
  const stepUp = useStepUp(org, operator, t('stepUpChange'));
  const [organisations, setOrganisations] = useState<Organisation[] | null>(null);
  const [forbidden, setForbidden] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One message at a time, shown by the part of the page it is about.
  const [message, setMessage] = useState<Message | null>(null);
  const { run, busyKey: busySlug } = useRowAction<string>();
  const [addingAdminTo, setAddingAdminTo] = useState<Organisation | null>(null);

  const load = useCallback(async () => {
    try {
      const { organisations: list } = await platformApi.get('/orgs');
      setOrganisations(list);
    } catch (err) {
      if (isApiError(err, 'FORBIDDEN')) setForbidden(true);
      else setError(describeError(err));
    }
  }, [describeError]);

  useEffect(() => {
    void load();
  }, [load]);

  const replace = (updated: Organisation) =>
    setOrganisations((list) => {
      const others = (list ?? []).filter((o) => o.slug !== updated.slug);
      return [...others, updated].sort((a, b) => a.slug.localeCompare(b.slug));
    });

  async function toggle(target: Organisation, available: boolean) {
    await run(
      target.slug,
      async () => {
        setMessage(null);
        // The switch moves at once; it moves back if the change is refused.
        replace({ ...target, passkeysAvailable: available });
        const { organisation } = await platformApi.patch(
          '/orgs/:slug',
          { passkeysAvailable: available },
          { params: { slug: target.slug } },
        );
        replace(organisation);
        setMessage({ kind: 'status', text: toggledMessage(organisation), source: 'organisations' });
      },
      (err) => {
        replace(target);
        if (!stepUp.needsConfirmation(err, () => void toggle(target, available)))
          reportError(setMessage, 'organisations', describeError)(err);
      },
    );
  }

  return (
    <AdminFrame org={org} shell={shell} current="platform" title={t('heading')} table>
      <Loaded forbidden={forbidden} forbiddenText={t('notOperator')} error={error} data={organisations}>
        {(organisations) => (
          <>
            <p className="muted">{t('intro')}</p>
            <MessageView message={message} source="organisations" />
            {stepUp.panel}
            <OrganisationsTable
              organisations={organisations}
              busySlug={busySlug}
              onToggle={(o, v) => void toggle(o, v)}
              onAddAdmin={setAddingAdminTo}
            />
            {addingAdminTo && (
              <AddAdministratorForm
                key={addingAdminTo.slug}
                org={addingAdminTo}
                operator={operator}
                onAdded={() => void load()}
                onClose={() => setAddingAdminTo(null)}
                describeError={describeError}
              />
            )}
            <CreateOrganisationForm
              operator={operator}
              message={message}
              report={setMessage}
              describeError={describeError}
              onCreated={replace}
            />
          </>
        )}
      </Loaded>
    </AdminFrame>
  );
}
