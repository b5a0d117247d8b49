import { useState, type FormEvent } from 'react';
import { CardPage } from '../components/Layout';
import { useTitle } from '../hooks';
import { paths, useRouter } from '../router';

/** "/": choose the organisation to sign in to. */
export function LandingPage() {
  useTitle('');
  const { navigate } = useRouter();
  const [slug, setSlug] = useState('');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const org = slug.trim().toLowerCase();
    if (org) navigate(paths.signIn(org));
  }

  return (
    <CardPage>
      <h1>Latchkey</h1>
      <p>Sign in to your organisation with a passkey: Face ID, fingerprint, Windows Hello, passcode or PIN.</p>
      <form onSubmit={onSubmit} className="stack">
        <div className="field">
          <label htmlFor="organisation">Organisation</label>
          <input
            id="organisation"
            name="organisation"
            autoComplete="organization"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={slug}
            onChange={(e) => setSlug(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary button--block">
          Continue
        </button>
      </form>
    </CardPage>
  );
}
