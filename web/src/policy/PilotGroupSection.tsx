import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi, type PilotMember } from '../shared/api';
import { BusyButton, FormActions } from '../shared/BusyButton';
import { MessageView, reportError } from '../shared/Messages';
import { useAction } from '../shared/useAction';
import { AS_TYPED, TextField } from '../shared/Fields';
import { ItemList } from '../shared/ItemList';
import { useStepUp, type AdminSettingsProps } from '../admin/useStepUp';

const SOURCE = 'pilot';

/** The pilot group: who is offered passkeys when Rollout is "Pilot group" (admins always are). */
export function PilotGroupSection({
  org,
  admin,
  members,
  onChange,
  message,
  report,
  describeError,
}: AdminSettingsProps & {
  members: PilotMember[];
  onChange: (members: PilotMember[]) => void;
}) {
  const { t } = useTranslation(['policy', 'admin']);
  const id = useId();
  // After a removal the button is gone: focus goes to the section's heading, not to the page body.
  const heading = useRef<HTMLHeadingElement>(null);
  const [identifier, setIdentifier] = useState('');
  const { run: runAction, busy } = useAction();
  const stepUp = useStepUp(org, admin, t('stepUpReason'));

  async function run(action: () => Promise<string>) {
    await runAction(
      async () => {
        report(null);
        report({ kind: 'status', text: await action(), source: SOURCE });
      },
      {
        onError: (err) => {
          if (!stepUp.needsConfirmation(err, () => void run(action))) reportError(report, SOURCE, describeError)(err);
        },
      },
    );
  }

  function add(event: FormEvent) {
    event.preventDefault();
    const value = identifier.trim();
    if (!value) return;
    void run(async () => {
      const { member } = await orgApi(org).post('/admin/pilot-members', {
        identifier: value,
      });
      onChange(
        [...members.filter((m) => m.id !== member.id), member].sort((a, b) => a.username.localeCompare(b.username)),
      );
      setIdentifier('');
      return t('pilotAdded', { username: member.username });
    });
  }

  const remove = (member: PilotMember) =>
    run(async () => {
      await orgApi(org).del('/admin/pilot-members/:id', { params: { id: member.id } });
      onChange(members.filter((m) => m.id !== member.id));
      heading.current?.focus();
      return t('pilotRemoved', { username: member.username });
    });

  return (
    <section className="section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        {t('pilotHeading')}
      </h2>
      <p className="muted">{t('pilotIntro')}</p>
      <MessageView message={message} source={SOURCE} />
      {stepUp.panel}
      <ItemList
        label={t('pilotMembers')}
        empty={t('pilotEmpty')}
        items={members}
        actions={(m) => (
          <BusyButton
            type="button"
            className="button button--danger-quiet"
            aria-label={t('pilotRemoveLabel', { username: m.username })}
            onClick={() => void remove(m)}
            busy={busy}
          >
            {t('admin:remove')}
          </BusyButton>
        )}
      >
        {(m) => (
          <>
            <p className="item__title">{m.displayName}</p>
            <p className="item__meta">{m.username}</p>
          </>
        )}
      </ItemList>
      <form onSubmit={add} className="inline-form">
        <TextField
          id={`${id}-identifier`}
          label={t('pilotIdentifier')}
          autoComplete="off"
          {...AS_TYPED}
          required
          value={identifier}
          onChange={(e) => setIdentifier(e.target.value)}
        />
        <FormActions submit={t('pilotAdd')} busy={busy} primary={false} />
      </form>
    </section>
  );
}
