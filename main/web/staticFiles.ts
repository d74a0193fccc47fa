// Serves the built renderer. Paths are resolved inside the renderer folder only; anything that would
// escape it is refused, and unknown routes fall back to index.html (a single-page app).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function resolveStatic(rootDir: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const candidate = normalize(join(rootDir, decoded));
  const root = normalize(rootDir.endsWith(sep) ? rootDir : rootDir + sep);
  return candidate.startsWith(root) || candidate === normalize(rootDir) ? candidate : null;
}

export async function serveStatic(rootDir: string, pathname: string, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  let file = resolveStatic(rootDir, pathname === '/' ? '/index.html' : pathname);
  let info = file ? await stat(file).catch(() => null) : null;
  if (!info?.isFile()) {
    if (extname(pathname)) {
      res.writeHead(404, headers).end('Not found');
      return;
    }
    file = join(rootDir, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      res.writeHead(500, headers).end('The UI is not built: run `npm run build`.');
      return;
    }
  }
  res.writeHead(200, {
    ...headers,
    'content-type': TYPES[extname(file!)] ?? 'application/octet-stream',
    'content-length': String(info.size),
    'cache-control': extname(file!) === '.html' ? 'no-store' : 'public, max-age=3600',
  });
  createReadStream(file!).pipe(res);
}
