// `highlighter serve`: the same core over HTTP for a browser. One route per contract method
// (POST /api/<name>), Server-Sent Events for the contract's events, media over HTTP Range, and the
// built renderer. Listens on loopback and requires the random token printed with the URL.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventNames, methodNames, type Envelope, type MethodName } from '../preload/contract';
import type { Core } from './core/core';
import { AppError, toErrorShape } from './core/errors';
import { CONTENT_SECURITY_POLICY } from './security';
import { isAuthorized, newToken, tokenCookie } from './web/auth';
import { parseMediaPath, serveMedia } from './web/mediaRoute';
import { serveStatic } from './web/staticFiles';

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface WebServerOptions {
  core: Core;
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
}

export interface WebServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

const isMethod = (name: string): name is MethodName => (methodNames as string[]).includes(name);

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new AppError('BAD_ARGUMENTS', 'The request is too large.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('BAD_ARGUMENTS', 'The request body is not valid JSON.');
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const { core } = opts;
  const token = opts.token ?? newToken();
  const streams = new Set<ServerResponse>();

  const unsubscribe = eventNames.map((name) =>
    core.events.on(name, (payload) => {
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const res of streams) res.write(frame);
    }),
  );
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!isAuthorized(req, url, token)) {
      res.writeHead(401, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
      res.end('Open the URL that `highlighter serve` printed (it carries the access token).');
      return;
    }
    // First visit with ?token=: hand over the cookie and drop the token from the address bar.
    if (url.searchParams.has('token') && req.method === 'GET' && !url.pathname.startsWith('/api/')) {
      url.searchParams.delete('token');
      res.writeHead(302, { ...SECURITY_HEADERS, 'set-cookie': tokenCookie(token), location: url.pathname + url.search });
      res.end();
      return;
    }

    if (url.pathname === '/api/events' && req.method === 'GET') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }

    if (url.pathname.startsWith('/api/')) {
      const name = url.pathname.slice('/api/'.length);
      if (!isMethod(name)) return sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: `Unknown method "${name}".` } });
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'BAD_ARGUMENTS', message: 'Use POST.' } });
      let envelope: Envelope<unknown>;
      try {
        const args = await readJson(req);
        const value = await (core.api[name] as (a: unknown) => Promise<unknown>)(args);
        envelope = { ok: true, value };
      } catch (error) {
        envelope = { ok: false, error: toErrorShape(error) };
      }
      return sendJson(res, 200, envelope);
    }

    if (url.pathname.startsWith('/media/')) {
      const id = parseMediaPath(url.pathname);
      return serveMedia(req, res, id === null ? null : core.mediaPath(id), SECURITY_HEADERS);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, SECURITY_HEADERS).end();
      return;
    }
    return serveStatic(opts.rendererDir, url.pathname, res, SECURITY_HEADERS);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: toErrorShape(error) });
      else res.destroy();
    });
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolvePromise());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    async close() {
      clearInterval(heartbeat);
      for (const off of unsubscribe) off();
      for (const res of streams) res.end();
      streams.clear();
      const closed = new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
      server.closeAllConnections();
      await closed;
    },
  };
}
