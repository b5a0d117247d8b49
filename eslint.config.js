import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// The layers: http/ and cli/ (the edges) → capability folders → shared/ → db/. An import that runs
// back up is refused here, so the arrows stay one way as the code grows.
const EDGES = ['../http/*', '../cli/*', '../app.js', '../main.js', '../runtime.js', '../shutdown.js'];
const restrictedImports = (patterns) => ['error', { patterns }];

// Prettier wraps code at 120 columns but cannot split a long string or comment; this rule catches those.
// (ESLint's own max-len is deprecated and leaves in a coming major.)
const maxLineLength = {
  meta: {
    type: 'layout',
    schema: [{ type: 'integer', minimum: 1 }],
    messages: { long: 'This line is {{length}} characters long; the limit is {{max}}.' },
  },
  create(context) {
    const max = context.options[0];
    return {
      Program() {
        context.sourceCode.lines.forEach((text, index) => {
          const length = [...text].length;
          if (length <= max) return;
          const line = index + 1;
          context.report({
            loc: { start: { line, column: 0 }, end: { line, column: text.length } },
            messageId: 'long',
            data: { length, max },
          });
        });
      },
    };
  },
};
const latchkey = { rules: { 'max-line-length': maxLineLength } };

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'coverage/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // TypeScript checks names; ESLint's own check does not know TypeScript's globals.
      'no-undef': 'off',
      // Input validation refuses control characters on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The product's code is linted with type information: promises, any, and unbound methods.
  {
    files: ['src/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommendedTypeCheckedOnly],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `void promise` marks a deliberately unawaited call; anything else unawaited is a bug.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      // React event handlers may be async: React ignores what they return.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // Fastify handlers and Kysely's migration provider are async by contract, awaited or not.
      '@typescript-eslint/require-await': 'off',
      // Small files (issue 9): one that grows past this is split where its parts meet.
      'max-lines': ['error', { max: 300 }],
    },
  },
  {
    // Every word a person reads comes from the i18n catalogs (web/src/i18n/locales), in four languages.
    files: ['web/src/**/*.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'JSXText[value=/[A-Za-z]/]:not([value=/^\\s*Latchkey( ·)?\\s*$/])',
          message: 'Words go in the i18n catalogs (web/src/i18n/locales), not in the markup.',
        },
        {
          selector: "JSXAttribute[name.name='autoFocus']",
          message: 'Use ref={focusOnMount} (web/src/shared/focus.ts): autoFocus only works on page load under Preact.',
        },
        {
          selector: "JSXOpeningElement[name.name=/^[A-Z]/] > JSXAttribute[name.name='ref']",
          message: 'A component gets `ref` as a prop in React 19 but not in Preact: pass it under another name.',
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'bench/**/*.ts', 'web/**/*.{ts,tsx}', 'test/**/*.ts'],
    plugins: { latchkey },
    rules: { 'latchkey/max-line-length': ['error', 120] },
  },
  {
    // Tests read JSON answers whose shape is what they check.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/db/migrations/*.ts'],
    // Kysely's own pattern: a migration sees the schema of its day, not today's `DB` type.
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    files: ['src/*/*.ts'],
    ignores: ['src/http/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': restrictedImports(
        EDGES.map((edge) => ({
          group: [edge],
          message: 'A capability never imports the HTTP edge, the CLI or the process set-up (http → capability → db).',
        })),
      ),
    },
  },
  {
    files: ['src/shared/*.ts'],
    rules: {
      'no-restricted-imports': restrictedImports([
        {
          regex: '^\\.\\./(?!db/|config\\.js$|errors\\.js$)',
          message: 'shared/ sits under every capability: it imports db/, config and errors only.',
        },
      ]),
    },
  },
  {
    files: ['src/db/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictedImports([
        {
          regex: '^\\.\\./(\\.\\./)?(?!config\\.js$|errors\\.js$|db/|database\\.js$|types\\.js$)',
          message: 'db/ is the bottom layer: it imports config and errors only.',
        },
      ]),
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    // The classic rules; the React Compiler's stricter ones (set-state-in-effect, purity) would
    // rewrite every data-loading effect for a compiler Latchkey does not use.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
);
