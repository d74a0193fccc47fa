// `highlighter serve [--port N] [--host H]`: the editor in a browser. The first line printed is the
// URL with its access token (scripts read it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCore } from '../core';
import { defaultDataDir } from '../core/dataDir';
import { startWebServer } from '../web';

/** The built renderer sits beside the bundled CLI: out/main/cli.js -> out/renderer. */
function rendererDir(): string {
  const candidates = [new URL('../renderer/', import.meta.url), new URL('../../out/renderer/', import.meta.url)];
  const found = candidates.find((c) => existsSync(new URL('index.html', c)));
  return fileURLToPath(found ?? candidates[0]!);
}

export async function serveCommand(opts: { port?: number; host?: string }, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<void> {
  const dataDir = defaultDataDir();
  const core = await createCore({ dataDir });
  const server = await startWebServer({ core, rendererDir: rendererDir(), port: opts.port, host: opts.host });
  out.write(`${server.url}\n`);
  err.write(`Highlighter is serving the editor at the address above (library: ${dataDir}). Press Ctrl-C to stop.\n`);
  await new Promise<void>((resolvePromise) => {
    const stop = () => resolvePromise();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await core.close();
}
