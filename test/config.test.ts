import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, unsafeDefaults } from '../src/config.js';

describe('config', () => {
  it('serves the front end built with this code, whatever folder it was started in (`npm run build` made it)', () => {
    const built = path.resolve(import.meta.dirname, '..', 'dist', 'web');
    expect(fs.existsSync(path.join(built, 'index.html'))).toBe(true);
    expect(loadConfig({}, os.tmpdir()).webRoot).toBe(built);
    expect(loadConfig({ WEB_ROOT: '/srv/web' }, os.tmpdir()).webRoot).toBe('/srv/web');
  });

  it('derives the RP ID from PUBLIC_URL and is frozen', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://id.example.com' }, '/srv/latchkey');
    expect(config.rpId).toBe('id.example.com');
    expect(config.secureCookies).toBe(true);
    expect(config.databaseUrl).toBe('sqlite:/srv/latchkey/data/latchkey.db');
    expect(Object.isFrozen(config)).toBe(true);
    expect(unsafeDefaults(config)).toHaveLength(2); // the embedded database, no SMTP
    expect(
      unsafeDefaults(
        loadConfig({ PUBLIC_URL: 'https://id.example.com', SMTP_URL: 'smtp://mail.example.com:587' }, '/srv'),
      ),
    ).toHaveLength(1);
  });

  it('warns that without Redis the API ceiling is per instance on PostgreSQL, and not with it', () => {
    const env = { PUBLIC_URL: 'https://id.example.com', SMTP_URL: 'smtp://mail.example.com:587' };
    const postgres = { ...env, DATABASE_URL: 'postgres://latchkey@db.internal/latchkey' };
    expect(unsafeDefaults(loadConfig(postgres, '/srv')).join()).toMatch(/API_REQUESTS_PER_MINUTE is counted by each/);
    expect(unsafeDefaults(loadConfig({ ...postgres, REDIS_URL: 'redis://redis.internal:6379' }, '/srv'))).toEqual([]);
  });

  it('defaults to http://localhost:3000 and warns that cookies are not Secure', () => {
    const config = loadConfig({}, '/tmp');
    expect(config.publicUrl.origin).toBe('http://localhost:3000');
    expect(config.maxPasskeysPerUser).toBe(20);
    expect(unsafeDefaults(config).join()).toMatch(/not marked Secure/);
  });

  it('has deadlines for slow clients and a per-address connection ceiling by default', () => {
    const config = loadConfig({}, '/tmp');
    expect([
      config.requestTimeoutMs,
      config.headersTimeoutMs,
      config.keepAliveTimeoutMs,
      config.maxConnectionsPerIp,
    ]).toEqual([30_000, 10_000, 5_000, 100]);
  });

  it('keeps audit events forever unless AUDIT_RETENTION_DAYS is set', () => {
    expect(loadConfig({}, '/tmp').auditRetentionDays).toBeUndefined();
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '' }, '/tmp').auditRetentionDays).toBeUndefined();
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '400' }, '/tmp').auditRetentionDays).toBe(400);
  });

  it('LOG_LEVEL: warn in a terminal (first-start links stay visible), info for a log collector or --verbose', () => {
    expect(loadConfig({}, '/tmp').logLevel).toBe('info');
    expect(loadConfig({}, '/tmp', { terminal: false }).logLevel).toBe('info');
    expect(loadConfig({}, '/tmp', { terminal: true }).logLevel).toBe('warn');
    expect(loadConfig({}, '/tmp', { terminal: true, verbose: true }).logLevel).toBe('info');
    expect(loadConfig({ LOG_LEVEL: 'debug' }, '/tmp', { terminal: true }).logLevel).toBe('debug');
    expect(loadConfig({ LOG_LEVEL: 'error' }, '/tmp', { terminal: false, verbose: true }).logLevel).toBe('error');
  });

  it('PG_PREPARED_STATEMENTS: on by default, on or off, anything else stops start-up', () => {
    expect(loadConfig({}, '/tmp').pgPreparedStatements).toBe(true);
    expect(loadConfig({ PG_PREPARED_STATEMENTS: 'off' }, '/tmp').pgPreparedStatements).toBe(false);
    expect(loadConfig({ PG_PREPARED_STATEMENTS: 'on' }, '/tmp').pgPreparedStatements).toBe(true);
    expect(() => loadConfig({ PG_PREPARED_STATEMENTS: 'false' }, '/tmp')).toThrow(
      'PG_PREPARED_STATEMENTS must be on or off',
    );
  });

  it('TRUST_PROXY: off by default, a number of proxies, or their addresses and CIDRs', () => {
    expect(loadConfig({}, '/tmp').trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }, '/tmp').trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }, '/tmp').trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }, '/tmp').trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8' }, '/tmp').trustProxy).toEqual(['10.0.0.0/8']);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,fd00::/8,loopback' }, '/tmp').trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      'loopback',
    ]);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PASSWORD_ATTEMPTS_PER_ACCOUNT: '0' }, /PASSWORD_ATTEMPTS_PER_ACCOUNT/],
    [{ SESSION_MAX_DAYS: '1.5' }, /SESSION_MAX_DAYS/],
    [{ PUBLIC_URL: 'not a url' }, /PUBLIC_URL/],
    [{ PUBLIC_URL: 'https://127.0.0.1' }, /IP address/],
    [{ PUBLIC_URL: 'ftp://example.com' }, /PUBLIC_URL/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ SMTP_URL: 'mail.example.com' }, /SMTP_URL/],
    [{ PASSWORD_LOCKOUT_MAX_MINUTES: '10' }, /PASSWORD_LOCKOUT_MAX_MINUTES/],
    [{ MAX_PASSKEYS_PER_USER: '0' }, /MAX_PASSKEYS_PER_USER/],
    [{ LOG_LEVEL: 'verbose' }, /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
    [{ MAX_PASSKEYS_PER_USER: 'lots' }, /MAX_PASSKEYS_PER_USER/],
    [{ REQUEST_TIMEOUT_SECONDS: '0' }, /REQUEST_TIMEOUT_SECONDS/],
    [
      { REQUEST_TIMEOUT_SECONDS: '5', HEADERS_TIMEOUT_SECONDS: '10' },
      /HEADERS_TIMEOUT_SECONDS must not be more than REQUEST_TIMEOUT_SECONDS/,
    ],
    [{ KEEP_ALIVE_TIMEOUT_SECONDS: 'soon' }, /KEEP_ALIVE_TIMEOUT_SECONDS/],
    [{ MAX_CONNECTIONS_PER_IP: '-1' }, /MAX_CONNECTIONS_PER_IP/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY must be the number of proxies.*not true/],
    [{ TRUST_PROXY: 'yes' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '11' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '10.0.0.1, 300.1.1.1' }, /TRUST_PROXY.*300\.1\.1\.1/],
    [{ TRUST_PROXY: '10.0.0.0/8/1' }, /TRUST_PROXY/],
    [{ AUDIT_RETENTION_DAYS: '0' }, /AUDIT_RETENTION_DAYS must be a whole number of days from 1 to 36500, or unset/],
    [{ AUDIT_RETENTION_DAYS: '90 days' }, /AUDIT_RETENTION_DAYS must be a whole number.*"90 days"/],
    [{ AUDIT_RETENTION_DAYS: '1.5' }, /AUDIT_RETENTION_DAYS/],
    [{ AUDIT_RETENTION_DAYS: '36501' }, /AUDIT_RETENTION_DAYS/],
    [{ SERVER_SECRET: 'only thirty-one characters long' }, /SERVER_SECRET must be at least 32 characters/],
  ])('refuses %o at start-up instead of guessing', (env, message) => {
    expect(() => loadConfig(env, '/tmp')).toThrow(message);
  });
});
