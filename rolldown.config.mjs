// `latchkey start` loads one file: the server (tsc's output in dist/src) bundled into dist/server.js. Node 20
// has no compile cache, and loading some 600 small modules one by one was most of a cold start.
// Left outside: native addons, what src/ loads lazily (it stays off the start), and pino (its transports
// run files of their own).
export default {
  input: 'dist/src/main.js',
  platform: 'node',
  external: [
    /^node:/,
    'better-sqlite3',
    '@node-rs/argon2',
    'pg',
    'ioredis',
    'nodemailer',
    'oidc-provider',
    /^@simplewebauthn\//,
    /^pino($|-)/,
  ],
  output: { file: 'dist/server.js', format: 'esm', codeSplitting: false },
  logLevel: 'warn',
};
