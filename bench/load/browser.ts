/**
 * One browser as the load generator sees it: its own cookie jar, JSON bodies, the Origin header of
 * Latchkey's pages, over a kept-alive HTTP/1.1 connection pool shared by the worker's clients.
 */
import http from 'node:http';

export interface Answer {
  status: number;
  /** Parsed JSON of many shapes; the scenarios read the few fields they need. */
  body: any;
}

export interface Target {
  agent: http.Agent;
  port: number;
  /** PUBLIC_URL's origin: what browsers send as Origin and Host. */
  origin: string;
}

const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly target: Target) {}

  get = (path: string) => this.request('GET', path);
  post = (path: string, body: unknown = {}) => this.request('POST', path, body);

  request(method: string, path: string, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = {
      host: new URL(this.target.origin).host,
      origin: this.target.origin,
      'user-agent': USER_AGENT,
      accept: 'application/json',
    };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return new Promise((resolve, reject) => {
      const request = http.request(
        { host: '127.0.0.1', port: this.target.port, method, path, headers, agent: this.target.agent },
        (response) => {
          this.keepCookies(response.headers['set-cookie']);
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
            } catch {
              resolve({ status: response.statusCode ?? 0, body: undefined });
            }
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  }

  private keepCookies(setCookies: string[] | undefined): void {
    for (const line of setCookies ?? []) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=(0|-)/i.test(a));
      if (value === '' || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
