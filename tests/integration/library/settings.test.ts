import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLibrary, type Library } from '../../../main/core/library/openLibrary';

let dir: string;
let lib: Library;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hl-settings-'));
  lib = openLibrary(dir);
});
afterEach(() => {
  lib.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('library.settings', () => {
  it('answers undefined for a key never set', () => {
    expect(lib.settings.get('nothing')).toBeUndefined();
  });

  it('stores JSON values of any shape and overwrites them', () => {
    lib.settings.set('export.mode', 'accurate');
    lib.settings.set('window', { width: 1200, height: 800, maximized: false });
    lib.settings.set('recent', [1, 2, 3]);
    lib.settings.set('zero', 0);
    lib.settings.set('nothing', null);
    expect(lib.settings.get<string>('export.mode')).toBe('accurate');
    expect(lib.settings.get('window')).toEqual({ width: 1200, height: 800, maximized: false });
    expect(lib.settings.get('recent')).toEqual([1, 2, 3]);
    expect(lib.settings.get('zero')).toBe(0);
    expect(lib.settings.get('nothing')).toBeNull();

    lib.settings.set('export.mode', 'fast');
    expect(lib.settings.get('export.mode')).toBe('fast');
  });

  it('removes a key set to undefined', () => {
    lib.settings.set('k', 1);
    lib.settings.set('k', undefined);
    expect(lib.settings.get('k')).toBeUndefined();
  });

  it('persists across reopen', () => {
    lib.settings.set('k', { a: 1 });
    lib.close();
    lib = openLibrary(dir);
    expect(lib.settings.get('k')).toEqual({ a: 1 });
  });
});
