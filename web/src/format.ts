/** Dates as the person's browser writes them. */
export function formatDate(ms: number): string {
  return new Date(ms).toLocaleString();
}

const METHODS: Record<string, string> = {
  passkey: 'Passkey',
  password: 'Password',
  'setup-link': 'Setup link',
  'device-link': 'Code from another device',
};

/** How a session was signed in, in words. */
export function methodLabel(method: string): string {
  return METHODS[method] ?? method;
}
