import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';

// The route keys of src/http/contract.ts, as written there ('GET /api/o/:org/me', …).
const contractKeys = () =>
  [
    ...readFileSync(new URL('../../src/http/contract.ts', import.meta.url), 'utf8').matchAll(
      /^ {2}'([A-Z]+ \/[^']*)':/gm,
    ),
  ]
    .map((m) => m[1]!)
    .sort();

describe('the contract the web is typed from', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('sqlite');
  });
  afterAll(() => h.close());

  it('names every JSON API route the server documents, and nothing else', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      )
      .map((key) => key.replace(/\/$/, ''))
      .sort();
    expect(contractKeys()).toEqual(documented);
  });

  it("types each path parameter as the string its route's schema takes, named as in the path", async () => {
    // The web's Params<K> is a string per `:name` of the key: true while every params schema says so.
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    type Parameter = { in: string; name: string; schema: { type?: string } };
    let checked = 0;
    for (const [path, methods] of Object.entries(
      doc.paths as Record<string, Record<string, { parameters?: Parameter[] }>>,
    )) {
      for (const [method, operation] of Object.entries(methods)) {
        const inPath = (operation.parameters ?? []).filter((p) => p.in === 'path');
        const where = `${method.toUpperCase()} ${path}`;
        expect(inPath.map((p) => p.name).sort(), where).toEqual(
          [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(),
        );
        for (const parameter of inPath) expect(parameter.schema.type, `${where} ${parameter.name}`).toBe('string');
        checked += inPath.length;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
