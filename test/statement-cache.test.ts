import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cachingStatements } from '../src/db/statement-cache.js';

describe('SQLite statement cache', () => {
  const sqlite = new SqliteDatabase(':memory:');
  let prepared: string[] = [];
  const original = sqlite.prepare.bind(sqlite);
  // Counts the real prepares behind the cache (the database itself is real).
  sqlite.prepare = ((sql: string) => {
    prepared.push(sql);
    return original(sql);
  }) as typeof sqlite.prepare;
  sqlite.exec('create table t (n integer)');
  afterEach(() => void (prepared = []));

  it('prepares each SQL text once and reuses it', () => {
    const db = cachingStatements(sqlite);
    for (let i = 0; i < 5; i++) db.prepare('insert into t (n) values (?)').run([i]);
    expect(db.prepare('select count(*) as c from t').all([])).toEqual([{ c: 5 }]);
    expect(prepared).toEqual(['insert into t (n) values (?)', 'select count(*) as c from t']);
  });

  it('keeps at most the given number of statements, dropping the least recently used', () => {
    const db = cachingStatements(sqlite, 2);
    db.prepare('select 1');
    db.prepare('select 2');
    db.prepare('select 1');
    db.prepare('select 3'); // drops "select 2", the least recently used
    db.prepare('select 1');
    db.prepare('select 2');
    expect(prepared).toEqual(['select 1', 'select 2', 'select 3', 'select 2']);
  });

  it('gives a statement still being iterated to nobody else', () => {
    const db = cachingStatements(sqlite);
    const sql = 'select n from t order by n';
    const outer = db.prepare(sql).iterate([]);
    outer.next();
    // The same text while the first is mid-iteration: a fresh statement, not the busy one.
    expect(db.prepare(sql).all([]).length).toBeGreaterThan(0);
    expect([...outer].length).toBeGreaterThan(0);
    expect(prepared.filter((s) => s === sql)).toHaveLength(2);
  });
});
