import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type Builder = (externalSchemas: unknown, options: unknown) => (route: unknown) => Compiled;
type Compiled = ((...args: unknown[]) => unknown) & { errors?: unknown; schemaEnv?: unknown };

// Fastify's own default compilers (Ajv, fast-json-stringify), resolved from Fastify itself: the same
// versions and options it would use without this module. Loaded with the first compilation.
const fromFastify = createRequire(import.meta.resolve('fastify'));
const defaultBuilder = (name: string): Builder => {
  let builder: Builder | undefined;
  return (externalSchemas, options) => (builder ??= (fromFastify(name) as () => Builder)())(externalSchemas, options);
};
const defaultValidators = defaultBuilder('@fastify/ajv-compiler');
const defaultSerializers = defaultBuilder('@fastify/fast-json-stringify-compiler');

export interface LazySchemas {
  compilersFactory: CompilersFactory;
  /** Compiles what no request has needed yet, one route schema per turn of the event loop, until stopped. */
  warm(stopped: () => boolean): Promise<void>;
}

/** Long enough for the first probes after a start to be answered before the warm-up begins. */
export const WARM_DELAY_MS = 1000;

/**
 * Fastify compiles every route's validators and serializers before it listens: about a third of the
 * server's start-up. These compilers are Fastify's defaults, each route's run the first time that route
 * needs it, and then kept: what is checked and what is sent are the same, only when the work is done
 * differs. `warm()` compiles the rest a little at a time (see warmAfterListening).
 */
export function lazySchemas(): LazySchemas {
  const pending = new Set<() => unknown>();
  const lazily =
    (build: Builder): Builder =>
    (externalSchemas, options) => {
      // Ajv's instance for these shared schemas is made lazily too (its start-up is not free).
      let compiler: ((route: unknown) => Compiled) | undefined;
      return (route) => {
        let compiled: Compiled | undefined;
        const compile = () => {
          compiled ??= (compiler ??= build(externalSchemas, options))(route);
          pending.delete(compile);
          return compiled;
        };
        pending.add(compile);
        const run: Compiled = (...args) => {
          const fn = compiled ?? compile();
          // Fastify passes Ajv's root context only to a function that has schemaEnv (below); pass it on likewise.
          const result = fn.schemaEnv ? fn(...args) : fn(args[0]);
          // Fastify reads a failed validation's errors from the function it called.
          run.errors = fn.errors;
          return result;
        };
        // Ajv's functions have it, and so Fastify lets them change the value itself (coercion, defaults).
        if (build === defaultValidators) run.schemaEnv = true;
        return run;
      };
    };
  return {
    compilersFactory: {
      buildValidator: lazily(defaultValidators),
      buildSerializer: lazily(defaultSerializers),
    } as unknown as CompilersFactory,
    async warm(stopped) {
      for (const compile of pending) {
        if (stopped()) return;
        // One at a time, each in a turn of its own: requests are answered in between.
        await new Promise((resolve) => setImmediate(resolve));
        compile();
      }
    },
  };
}

/**
 * The rest is compiled WARM_DELAY_MS after the server listens, in the background: the first probes are
 * answered at once, and the first requests to each route soon after do not pay for compiling it.
 */
export function warmAfterListening(app: FastifyInstance, schemas: LazySchemas): void {
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  app.addHook('onListen', async () => {
    timer = setTimeout(() => {
      schemas.warm(() => closed).catch((err: unknown) => app.log.error({ err }, 'a route schema does not compile'));
    }, WARM_DELAY_MS).unref();
  });
  app.addHook('onClose', async () => {
    closed = true;
    clearTimeout(timer);
  });
}
