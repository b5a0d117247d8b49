/**
 * A load balancer in front of real instances, as the operations tests need it: each request goes to
 * the next instance in turn; one that was refused before it started (connection refused, or a 503
 * SHUTTING_DOWN) is sent to the next instance, and that is the only retry. Any other failure is an
 * outcome the client cannot know (a reset mid-request) and is reported, never retried.
 * With `watchReadiness()` it also health-checks /readyz, as a balancer in front of Latchkey should,
 * and sends nothing to an instance that is not ready (while none is, requests wait).
 */
import type { Answer, Instance, ProcessBrowser } from './instances.js';
import { httpRequest, sleep } from './instances.js';

export interface Tally {
  /** Answers by instance and status ("A 200"). */
  answers: Map<string, number>;
  /** Requests refused before they started (then sent elsewhere). */
  refused: number;
  /** Requests cut mid-way: the client cannot tell whether they took effect. */
  cut: Array<{ instance: string; url: string; error: string }>;
}

export class Balancer {
  private turn = 0;
  private readonly notReady = new Set<Instance>();
  private watching = false;
  readonly tally: Tally = { answers: new Map(), refused: 0, cut: [] };
  constructor(public instances: Instance[]) {}

  /** Puts `instance` in the place of the one with its name (a restart). */
  replace(instance: Instance): void {
    this.instances = this.instances.map((i) => (i.name === instance.name ? instance : i));
  }

  /** Probes every instance's /readyz every 200 ms; returns the function that stops probing. */
  watchReadiness(): () => void {
    this.watching = true;
    void (async () => {
      while (this.watching) {
        await Promise.all(
          this.instances.map(async (instance) => {
            const ready = await httpRequest(instance.port, 'GET', '/readyz', {}).then(
              (answer) => answer.status === 200,
              () => false,
            );
            if (ready) this.notReady.delete(instance);
            else this.notReady.add(instance);
          }),
        );
        await sleep(200);
      }
    })();
    return () => void (this.watching = false);
  }

  /** Sends one request of `browser` through the balancer; throws `CutError` when the outcome is unknown. */
  async send(browser: ProcessBrowser, method: string, url: string, body?: unknown): Promise<Answer> {
    // Long enough for an instance to restart on a loaded machine.
    const deadline = Date.now() + 150_000;
    for (;;) {
      const ready = this.instances.filter((i) => !this.notReady.has(i));
      const instance = ready[this.turn++ % Math.max(1, ready.length)];
      if (!instance) {
        if (Date.now() > deadline) throw new Error(`no instance was ready for ${method} ${url} for 150 s`);
        await sleep(100);
        continue;
      }
      try {
        const answer = await browser.via(instance).request(method, url, body);
        if (answer.status === 503 && answer.body?.error?.code === 'SHUTTING_DOWN') {
          this.tally.refused += 1;
        } else {
          const key = `${instance.name} ${answer.status}`;
          this.tally.answers.set(key, (this.tally.answers.get(key) ?? 0) + 1);
          return answer;
        }
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ECONNREFUSED') {
          this.tally.cut.push({ instance: instance.name, url, error: code ?? String(error) });
          throw new CutError(url);
        }
        this.tally.refused += 1;
      }
      if (Date.now() > deadline) throw new Error(`no instance took ${method} ${url} for 150 s`);
      await sleep(100);
    }
  }

  /** Answers with a status of 500 or more (other than refusals), by instance. */
  serverErrors(): string[] {
    return [...this.tally.answers.keys()].filter((key) => Number(key.split(' ')[1]) >= 500);
  }
}

export class CutError extends Error {
  constructor(url: string) {
    super(`cut mid-request: ${url}`);
  }
}

/** Runs `step` in a loop on `workers` parallel clients until `stop()`; cut requests end a step, not the loop. */
export function runLoad(workers: number, step: (worker: number, round: number) => Promise<void>) {
  let running = true;
  const errors: unknown[] = [];
  const loops = Array.from({ length: workers }, async (_, worker) => {
    for (let round = 0; running; round++) {
      try {
        await step(worker, round);
      } catch (error) {
        if (!(error instanceof CutError)) errors.push(error);
      }
    }
  });
  return {
    errors,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}
