import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMediaPath } from '../../../main/web/mediaRoute';
import { resolveStatic } from '../../../main/web/staticFiles';

describe('parseMediaPath', () => {
  it('accepts /media/<positive id> only', () => {
    expect(parseMediaPath('/media/1')).toBe(1);
    expect(parseMediaPath('/media/42')).toBe(42);
  });

  it.each(['/media/0', '/media/-1', '/media/01', '/media/1/', '/media/1/x', '/media/..%2F1', '/media/%2e%2e', '/media/abc', '/media/', '/media/1.5'])(
    'refuses %s',
    (path) => {
      expect(parseMediaPath(path)).toBeNull();
    },
  );
});

describe('resolveStatic', () => {
  const root = '/srv/app/renderer';
  it('resolves files inside the renderer folder', () => {
    expect(resolveStatic(root, '/index.html')).toBe(join(root, 'index.html'));
    expect(resolveStatic(root, '/assets/a.js')).toBe(join(root, 'assets/a.js'));
  });

  it.each(['/../secret', '/assets/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc', '/a%00b', '/a%5c..%5c..', '/%E0%A4%A'])(
    'refuses %s',
    (path) => {
      const resolved = resolveStatic(root, path);
      if (resolved !== null) expect(resolved.startsWith(`${root}/`)).toBe(true);
      else expect(resolved).toBeNull();
    },
  );
});
