import type { Passkey } from '../shared/api';

/**
 * The authenticator's icon, light or dark with the page; decorative (alt=""), as its name is written beside it.
 * Always an <img> of a file from our origin: an SVG in an <img> runs no script and loads nothing.
 */
export function AuthenticatorIcon({ icon }: { icon: Passkey['authenticatorIcon'] }) {
  if (!icon) return null;
  return (
    <picture>
      {icon.dark !== icon.light && <source srcSet={icon.dark} media="(prefers-color-scheme: dark)" />}
      <img className="authenticator-icon" src={icon.light} alt="" width={24} height={24} />
    </picture>
  );
}
