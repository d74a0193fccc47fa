import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import { migrationPlan } from '../../../main/core/library/migrationPlan';
import { migrations } from '../../../main/core/library/migrations';

describe('migrationPlan', () => {
  it('runs every step on an empty database', () => {
    expect(migrationPlan(0, 3)).toEqual([0, 1, 2]);
  });

  it('runs only the missing steps', () => {
    expect(migrationPlan(1, 3)).toEqual([1, 2]);
    expect(migrationPlan(2, 3)).toEqual([2]);
  });

  it('runs nothing on a current database', () => {
    expect(migrationPlan(3, 3)).toEqual([]);
    expect(migrationPlan(0, 0)).toEqual([]);
  });

  it('refuses a database written by a newer version with a clear INTERNAL error', () => {
    let caught: unknown;
    try {
      migrationPlan(4, 3);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('INTERNAL');
    expect((caught as AppError).message).toMatch(/newer version of Highlighter/);
    expect((caught as AppError).message).toMatch(/schema 4/);
  });

  it('refuses a nonsensical version', () => {
    expect(() => migrationPlan(-1, 3)).toThrow(AppError);
    expect(() => migrationPlan(1.5, 3)).toThrow(AppError);
  });

  it('every shipped step has SQL and a description', () => {
    expect(migrations.length).toBeGreaterThan(0);
    for (const step of migrations) {
      expect(step.sql.trim()).not.toBe('');
      expect(step.description.trim()).not.toBe('');
    }
  });
});
