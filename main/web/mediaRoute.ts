// GET /media/<id>: streams a file the library registered, with HTTP Range so the <video> element seeks
// instantly. The id is the only input; the path always comes from the library.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mediaContentType, parseByteRange } from '../core/media/byteRange';

export function parseMediaPath(pathname: string): number | null {
  const match = /^\/media\/([1-9]\d{0,15})$/.exec(pathname);
  return match ? Number(match[1]) : null;
}

export async function serveMedia(
  req: IncomingMessage,
  res: ServerResponse,
  path: string | null,
  headers: Record<string, string>,
): Promise<void> {
  const info = path ? await stat(path).catch(() => null) : null;
  if (!path || !info?.isFile()) {
    res.writeHead(404, headers).end('Not found');
    return;
  }
  const base = { ...headers, 'accept-ranges': 'bytes', 'content-type': mediaContentType(path) };
  const range = parseByteRange(req.headers.range, info.size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...base, 'content-range': `bytes */${info.size}` }).end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: info.size - 1 };
  res.writeHead(range ? 206 : 200, {
    ...base,
    'content-length': String(end - start + 1),
    ...(range ? { 'content-range': `bytes ${start}-${end}/${info.size}` } : {}),
  });
  if (req.method === 'HEAD' || info.size === 0) {
    res.end();
    return;
  }
  const stream = createReadStream(path, { start, end });
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}
