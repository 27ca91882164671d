import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { databaseErrorCode, describeError } from '../../sync-server/src/db/errors';
import { rawSql } from '../../sync-server/src/db/raw-sql';
import { toSafeInteger } from '../../sync-server/src/db/safe-integer';

describe('rawSql', () => {
  const dialect = new PgDialect();

  it('keeps the text and passes each $n as a parameter, arrays whole', () => {
    const query = dialect.sqlToQuery(
      rawSql('select * from cards where number = any($1::text[]) and status = $2', [
        ['1', '2'],
        'active',
      ]),
    );
    expect(query).toMatchObject({
      sql: 'select * from cards where number = any($1::text[]) and status = $2',
      params: [['1', '2'], 'active'],
    });
  });

  it('renumbers a parameter used twice', () => {
    const query = dialect.sqlToQuery(rawSql('select $1::int + $1::int as two, $2 as b', [1, 'x']));
    expect(query).toMatchObject({
      sql: 'select $1::int + $2::int as two, $3 as b',
      params: [1, 1, 'x'],
    });
  });

  it('refuses a placeholder without a parameter', () => {
    expect(() => rawSql('select $2', [1])).toThrow(/\$2 has no parameter/);
  });
});

describe('toSafeInteger', () => {
  it('reads what either driver returns for bigint', () => {
    expect(toSafeInteger('5000000123')).toBe(5_000_000_123);
    expect(toSafeInteger('-42')).toBe(-42);
    expect(toSafeInteger(5_000_000_123n)).toBe(5_000_000_123);
    expect(toSafeInteger(7)).toBe(7);
  });

  it('refuses what a JS number cannot hold exactly', () => {
    expect(() => toSafeInteger('9007199254740993')).toThrow(/safe integer/);
    expect(() => toSafeInteger(9_007_199_254_740_993n)).toThrow(/safe integer/);
    expect(() => toSafeInteger(1.5)).toThrow(/safe integer/);
    expect(() => toSafeInteger('1.5')).toThrow(/integer/);
    expect(() => toSafeInteger(null)).toThrow(/integer/);
  });
});

describe('database errors', () => {
  const pgError = Object.assign(new Error('duplicate key value violates unique constraint'), {
    code: '23505',
  });
  const wrapped = new Error('Failed query: insert into facts ...', { cause: pgError });

  it('say the query and PostgreSQL’s reason', () => {
    expect(describeError(wrapped)).toBe(
      'Failed query: insert into facts ...: duplicate key value violates unique constraint',
    );
    expect(describeError(new Error(`outer: ${describeError(wrapped)}`, { cause: wrapped }))).toBe(
      `outer: ${describeError(wrapped)}`,
    );
  });

  it('expose the SQLSTATE through the wrapping', () => {
    expect(databaseErrorCode(wrapped)).toBe('23505');
    expect(databaseErrorCode(new Error('no code'))).toBeUndefined();
  });
});
