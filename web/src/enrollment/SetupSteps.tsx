import type { ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgInfo, SetupResult, User } from '../shared/api';
import { AddPasskey } from '../passkeys/AddPasskey';
import { ChoosePasswordStep } from '../account/ChoosePasswordStep';
import { CardPage } from '../shared/Layout';
import { Alert, Loading, type Reporting } from '../shared/Messages';
import { useOrgInfo, useTitle } from '../shared/hooks';
import { supportsPasskeys } from '../passkeys/passkeys';

/** The card of a page that sets up a way in (setup link, enrollment code): its flow once the organisation is known. */
export function SetupCard({
  org,
  title,
  children,
}: {
  org: string;
  title: string;
  children: (info: OrgInfo) => ReactNode;
}) {
  useTitle(title);
  const { info, error } = useOrgInfo(org);
  return (
    <CardPage>
      <h1>{title}</h1>
      <Alert message={error} />
      {info ? children(info) : !error && <Loading />}
    </CardPage>
  );
}

/** A setup once its link or code is accepted: who it is for, what the organisation offers, the page's messages. */
export interface SetupFlowState {
  org: string;
  setup: SetupResult;
  user: User;
  reporting: Reporting;
}

/** "Choose a password" in a setup: `required` where it will be the only way in. */
export function SetupPasswordStep({
  flow,
  required,
  onDone,
}: {
  flow: SetupFlowState;
  required: boolean;
  onDone: (user: User) => void;
}) {
  return (
    <ChoosePasswordStep
      org={flow.org}
      user={flow.user}
      passkeysEnabled={flow.setup.passkeysOffered}
      required={required}
      {...flow.reporting}
      onDone={onDone}
    />
  );
}

/**
 * "Create a passkey" while setting up: what a passkey is, a hint where this browser cannot make one, then the
 * button. Once the passkey exists and is being named, only AddPasskey's naming form shows.
 */
export function CreatePasskeyStep({
  flow: { org, setup, user, reporting },
  naming,
  headingRef,
  intro,
  cannotCreate,
  block,
  before,
  onCreated,
  onAdded,
  children,
}: {
  flow: SetupFlowState;
  naming: boolean;
  headingRef: Ref<HTMLHeadingElement>;
  /** Said before what a passkey is (that this one is required). */
  intro?: ReactNode;
  /** The hint where this browser cannot create passkeys. */
  cannotCreate: string;
  block?: boolean;
  /** Above the button (the page's message). */
  before?: ReactNode;
  onCreated: () => void;
  onAdded: () => void;
  /** Below the button ("Do this later"). */
  children?: ReactNode;
}) {
  const { t } = useTranslation('setup');
  return (
    <section className="stack">
      {!naming && (
        <>
          <h2 ref={headingRef} tabIndex={-1}>
            {t('createPasskeyHeading')}
          </h2>
          {intro}
          <p>{t('passkeyExplained')}</p>
          {!supportsPasskeys() && <p className="hint">{cannotCreate}</p>}
        </>
      )}
      {before}
      <AddPasskey
        org={org}
        user={user}
        passkeysEnabled={setup.passkeysOffered}
        // As the server's passwordSignInAllowed: a member with no passkey yet may always confirm with a password.
        passwordAllowed={setup.passwordAllowed || user.passkeyCount === 0}
        label={t('createPasskeyHeading')}
        block={block}
        {...reporting}
        onCreated={onCreated}
        onAdded={onAdded}
      />
      {children}
    </section>
  );
}
