import { describe, expect, it } from 'vitest';
import {
  buildWhere,
  InvalidFilterError,
  listProblems,
  normalizeTimestamp,
  validateFilter,
} from './where';

const TORONTO = 'America/Toronto';
const date = (iso: string) => ({ __type: 'Date', iso });

describe('buildWhere', () => {
  it('sends nothing without bounds', () => {
    expect(buildWhere({ utc: false, timeZone: TORONTO })).toBeUndefined();
    expect(buildWhere({ utc: true, from: '', to: ' ', after: '' })).toBeUndefined();
  });

  it('starts a local day at local midnight', () => {
    expect(buildWhere({ from: '2014-10-01', utc: false, timeZone: TORONTO })).toEqual({
      createdAt: { $gte: date('2014-10-01T04:00:00.000Z') },
    });
  });

  it('ends a range at the start of the next day, across the autumn DST change', () => {
    expect(
      buildWhere({ from: '2014-10-01', to: '2014-11-02', utc: false, timeZone: TORONTO }),
    ).toEqual({
      createdAt: {
        $and: { $gte: date('2014-10-01T04:00:00.000Z'), $lt: date('2014-11-03T05:00:00.000Z') },
      },
    });
  });

  it('starts the spring DST day in standard time', () => {
    expect(buildWhere({ from: '2015-03-08', utc: false, timeZone: TORONTO })).toEqual({
      createdAt: { $gte: date('2015-03-08T05:00:00.000Z') },
    });
  });

  it('finds the first instant of a day that skips midnight', () => {
    // Sao Paulo jumped from 00:00 to 01:00 on 2014-10-19.
    expect(buildWhere({ from: '2014-10-19', utc: false, timeZone: 'America/Sao_Paulo' })).toEqual({
      createdAt: { $gte: date('2014-10-19T03:00:00.000Z') },
    });
  });

  it('uses UTC days when asked, whatever the zone', () => {
    expect(
      buildWhere({ from: '2014-10-01', to: '2014-10-08', utc: true, timeZone: TORONTO }),
    ).toEqual({
      createdAt: {
        $and: { $gte: date('2014-10-01T00:00:00.000Z'), $lt: date('2014-10-09T00:00:00.000Z') },
      },
    });
  });

  it('sends a lone To as one $lt, across a year end', () => {
    expect(buildWhere({ to: '2014-12-31', utc: true })).toEqual({
      createdAt: { $lt: date('2015-01-01T00:00:00.000Z') },
    });
  });

  it('sends "Newer than" as $gt that exact instant, normalized to millis', () => {
    expect(buildWhere({ after: '2014-10-01T23:49:36Z', utc: false, timeZone: TORONTO })).toEqual({
      createdAt: { $gt: date('2014-10-01T23:49:36.000Z') },
    });
    expect(buildWhere({ after: '2014-10-01T23:49:36.353Z', utc: true })).toEqual({
      createdAt: { $gt: date('2014-10-01T23:49:36.353Z') },
    });
  });

  it('keeps the later lower bound when "Newer than" meets From', () => {
    const range = { from: '2014-10-01', to: '2014-10-08', utc: true };
    expect(buildWhere({ ...range, after: '2014-10-03T10:00:00.000Z' })).toEqual({
      createdAt: {
        $and: { $gt: date('2014-10-03T10:00:00.000Z'), $lt: date('2014-10-09T00:00:00.000Z') },
      },
    });
    expect(buildWhere({ ...range, after: '2014-09-03T10:00:00.000Z' })).toEqual({
      createdAt: {
        $and: { $gte: date('2014-10-01T00:00:00.000Z'), $lt: date('2014-10-09T00:00:00.000Z') },
      },
    });
    // Equal bounds: > start is the tighter of >= start and > start.
    expect(buildWhere({ from: '2014-10-01', utc: true, after: '2014-10-01T00:00:00Z' })).toEqual({
      createdAt: { $gt: date('2014-10-01T00:00:00.000Z') },
    });
  });

  it('pairs "Newer than" with a lone To', () => {
    expect(buildWhere({ to: '2014-10-08', utc: true, after: '2014-10-03T10:00:00.000Z' })).toEqual({
      createdAt: {
        $and: { $gt: date('2014-10-03T10:00:00.000Z'), $lt: date('2014-10-09T00:00:00.000Z') },
      },
    });
  });

  it('refuses to build from an invalid filter', () => {
    expect(() => buildWhere({ from: '2014-02-30', utc: true })).toThrow(InvalidFilterError);
    expect(() => buildWhere({ from: '2014-10-08', to: '2014-10-01', utc: true })).toThrow(
      '“To” is before “From”.',
    );
  });
});

describe('validateFilter', () => {
  it('accepts a valid filter', () => {
    expect(
      validateFilter({
        from: '2014-10-01',
        to: '2014-10-01',
        utc: false,
        timeZone: TORONTO,
        after: '2014-10-01T23:49:36.353Z',
      }),
    ).toEqual({});
  });

  it('names each bad field', () => {
    expect(validateFilter({ from: '2014-02-30', to: 'abc', utc: true })).toEqual({
      from: '“From” is not a real date (use yyyy-mm-dd).',
      to: '“To” is not a real date (use yyyy-mm-dd).',
    });
    expect(validateFilter({ from: '2016-02-29', utc: true })).toEqual({});
    expect(validateFilter({ from: '2015-02-29', utc: true }).from).toBeDefined();
    expect(validateFilter({ from: '2014-10-08', to: '2014-10-01', utc: true })).toEqual({
      to: '“To” is before “From”.',
    });
    expect(listProblems(validateFilter({ from: 'x', after: 'y', utc: true }))).toEqual([
      { field: 'from', message: '“From” is not a real date (use yyyy-mm-dd).' },
      {
        field: 'after',
        message: '“Newer than” must be an exact UTC timestamp such as 2014-10-01T23:49:36.353Z.',
      },
    ]);
    expect(validateFilter({ after: 'yesterday', utc: true }).after).toMatch(/“Newer than”/);
    expect(validateFilter({ utc: false, timeZone: 'Mars/Olympus' }).timeZone).toMatch(/Mars/);
  });
});

describe('normalizeTimestamp', () => {
  it.each([
    ['2014-10-01T23:49:36.353Z', '2014-10-01T23:49:36.353Z'],
    ['2014-10-01T23:49:36Z', '2014-10-01T23:49:36.000Z'],
    ['2014-10-01T23:49:36.3Z', '2014-10-01T23:49:36.300Z'],
  ])('accepts %s', (text, iso) => {
    expect(normalizeTimestamp(text)).toBe(iso);
  });

  it.each([
    '2014-10-01',
    '2014-10-01T23:49:36',
    '2014-10-01T23:49:36+02:00',
    '2014-10-01 23:49:36Z',
    '2014-10-01T24:00:00Z',
    '2014-02-30T00:00:00Z',
    '2014-10-01T23:49:36.3531Z',
  ])('rejects %s', (text) => {
    expect(normalizeTimestamp(text)).toBeUndefined();
  });
});
