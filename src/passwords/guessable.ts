/**
 * Passwords that are guessed first (NIST SP 800-63B 3.1.1.2: compare against commonly used, expected or compromised
 * values): a common password (also with digits or symbols added at the end), one character repeated, a run of
 * the alphabet, the digits or a keyboard row, or the member's or organisation's own names with little else.
 */

// The most used passwords of 8 characters or more in public breach lists, lower case.
const COMMON = new Set(
  (
    'password 12345678 123456789 1234567890 qwertyuiop qwertyui qwerty12 qwerty123 1q2w3e4r 1q2w3e4r5t 1qaz2wsx ' +
    'zaq12wsx iloveyou sunshine princess football baseball basketball welcome letmein trustno1 superman batman ' +
    'starwars whatever dragon monkey master shadow michael jennifer michelle jessica charlie computer corvette ' +
    'mercedes changeme secret admin administrator login passw0rd p@ssw0rd p@ssword abc12345 aa123456 asdfghjk ' +
    'asdfasdf 11223344 987654321 87654321 qazwsxedc 123qweasd q1w2e3r4 hello123 freedom internet ' +
    'liverpool chelsea arsenal pokemon cookie summer winter spring autumn football1 iloveyou1 loveyou ' +
    'solarwinds company'
  ).split(' '),
);

const RUNS = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

const normalised = (text: string) => text.normalize('NFKC').toLowerCase();
// What people add at the end to pass a rule: "Password2026!" is "password".
const withoutEnding = (text: string) => text.replace(/[\d\W_]+$/u, '');

function isRun(text: string): boolean {
  if (text.length < 4) return false;
  if (new Set(text).size === 1) return true;
  return RUNS.some((run) => {
    const reversed = [...run].reverse().join('');
    return run.includes(text) || reversed.includes(text);
  });
}

/**
 * Whether this password is among the first an attacker tries. `names` are the member's own (username, email, display
 * name) and the organisation's (slug, name): a password that is little more than one of them is guessable.
 */
export function isGuessable(password: string, names: ReadonlyArray<string | null | undefined>): boolean {
  const text = normalised(password);
  const base = withoutEnding(text);
  if (COMMON.has(text) || COMMON.has(base) || isRun(text) || isRun(base)) return true;
  let rest = base;
  for (const name of [...names, 'latchkey']) {
    for (const word of normalised(name ?? '').split(/[^\p{L}\p{N}]+/u))
      if (word.length >= 3) rest = rest.replaceAll(word, '');
  }
  // Some of it was a name: what else there is must be worth 4 characters.
  return rest !== base && withoutEnding(rest).replace(/[\W_]/gu, '').length < 4;
}
