/**
 * The real server as a child process (bin/latchkey.js start; run `npx tsc -p tsconfig.json` first),
 * and a browser over real HTTP: a cookie jar and a software authenticator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './free-port.js';
import { SoftAuthenticator } from './soft-authenticator.js';

export const BIN = path.resolve(import.meta.dirname, '../../bin/latchkey.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  origin: string;
  output(): string;
  /** What it printed at first start: organisation → one-time setup link. */
  setupLinks: Record<string, string>;
  /** SIGTERM, then resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `latchkey start` with `env` (DATABASE_URL at least) on `port` (a free one by default; the
 * same port keeps the same PUBLIC_URL, hence the same passkey origin); resolves once it listens.
 */
export async function startServerProcess(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  port ??= await freePort();
  const origin = `http://localhost:${port}`;
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { ...process.env, PORT: String(port), PUBLIC_URL: origin, REDIS_URL: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Generous: on a busy machine a start (migrations, first-start set-up) takes many seconds.
  const deadline = Date.now() + 60_000;
  while (!output.includes('Latchkey is listening')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${output}`);
    }
    await sleep(50);
  }
  const setupLinks: Record<string, string> = {};
  for (const match of output.matchAll(/(http:\/\/\S+\/o\/([a-z0-9-]+)\/setup#token=\S+)/g))
    setupLinks[match[2]!] = match[1]!;
  return {
    child,
    port,
    origin,
    output: () => output,
    setupLinks,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A browser on a running server: cookies, the Origin header of its pages, a passkey authenticator. */
export class HttpBrowser {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly origin: string,
    readonly authenticator = new SoftAuthenticator({ origin }),
  ) {}

  async request(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(new URL(url, this.origin), {
      method,
      headers: {
        origin: this.origin,
        ...(cookie ? { cookie } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body: unknown = {}) => this.request('POST', url, body);

  /** Redeems a one-time setup link printed by the server (signs in as that user). */
  redeemSetupLink(link: string) {
    const url = new URL(link);
    return this.post(`/api${url.pathname}`, { token: url.hash.slice('#token='.length) });
  }

  async addPasskey(org: string) {
    const options = await this.post(`/api/o/${org}/me/passkeys/options`);
    if (options.status !== 200) return options;
    const response = await this.authenticator.register(options.body.options);
    return this.post(`/api/o/${org}/me/passkeys`, { response });
  }

  async signInWithPasskey(org: string) {
    const options = await this.post(`/api/o/${org}/sign-in/passkey/options`);
    if (options.status !== 200) return options;
    const response = await this.authenticator.authenticate(options.body.options);
    return this.post(`/api/o/${org}/sign-in/passkey/verify`, { response });
  }
}
