#!/usr/bin/env node
// `npm start [video]`: build, make sure Electron and an Electron build of better-sqlite3 exist, launch.
// `node scripts/start.mjs --prepare`: build and the native module only (what packaging needs).
//
// better-sqlite3 is compiled for Electron's ABI into .electron-native/ from a temporary copy of its sources, so
// node_modules/better-sqlite3 keeps the Node build the CLI, the web server and the tests use. (Never
// electron-builder install-app-deps or @electron/rebuild: they rebuild node_modules in place.)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const electronDir = join(root, 'node_modules', 'electron');
const nativeDir = join(root, '.electron-native');
const NO_ELECTRON =
  'Highlighter: the Electron runtime is not installed and could not be downloaded (no internet?); `npx highlighter serve` opens the same UI in a browser.';

function fail(message) {
  console.error(message);
  process.exit(1);
}

/** Runs a child to completion; returns its exit status (null when it was killed by the time limit). */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.error ? null : result.status;
}

function electronVersion() {
  return JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
}

/** Path of the Electron executable, or null when it is not installed. Same lookup as electron's index.js. */
function installedElectron() {
  const pathFile = join(electronDir, 'path.txt');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : 'electron';
    const path = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, name);
    return existsSync(path) ? path : null;
  }
  if (!existsSync(pathFile)) return null;
  const path = join(electronDir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(path) ? path : null;
}

/** The binary, fetched with electron's own installer when missing (quietly: we print one line if it fails). */
function ensureElectron() {
  const present = installedElectron();
  if (present) return present;
  console.log('Downloading the Electron runtime…');
  const status = run(process.execPath, [join(electronDir, 'install.js')], { stdio: 'ignore', timeout: 300_000 });
  return status === 0 ? installedElectron() : null;
}

function build() {
  const status = run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']);
  if (status !== 0) fail('Highlighter: `electron-vite build` failed (see above).');
}

/** better_sqlite3.node for this Electron, built once per Electron version and architecture. */
function ensureElectronSqlite() {
  const version = electronVersion();
  const stamp = `${version} ${process.platform}-${process.arch}`;
  const target = join(nativeDir, 'better_sqlite3.node');
  const stampFile = join(nativeDir, 'built-for.txt');
  if (existsSync(target) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp) return;

  console.log(`Building better-sqlite3 for Electron ${version}…`);
  const source = join(root, 'node_modules', 'better-sqlite3');
  const work = mkdtempSync(join(tmpdir(), 'highlighter-sqlite-'));
  try {
    for (const entry of ['package.json', 'binding.gyp', 'src', 'deps']) {
      cpSync(join(source, entry), join(work, entry), { recursive: true });
    }
    // npm's own node-gyp settings (a user `nodedir`, `target`, `runtime` …) would silently build for Node.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name)));
    const nodeGyp = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    const status = run(
      process.execPath,
      [
        nodeGyp,
        'rebuild',
        '--release',
        `--target=${version}`,
        `--arch=${process.arch}`,
        '--dist-url=https://electronjs.org/headers',
        '--runtime=electron',
      ],
      { cwd: work, env },
    );
    const built = join(work, 'build', 'Release', 'better_sqlite3.node');
    if (status !== 0 || !existsSync(built)) {
      fail(`Highlighter: could not build better-sqlite3 for Electron ${version} (node-gyp needs the Electron headers from the internet and a C++ toolchain).`);
    }
    mkdirSync(nativeDir, { recursive: true });
    cpSync(built, target);
    writeFileSync(stampFile, `${stamp}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function launch(electron, args) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electron, [root, ...args], { cwd: process.cwd(), stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const args = process.argv.slice(2);
if (args.includes('--prepare')) {
  build();
  ensureElectronSqlite();
} else {
  // The runtime first: without it nothing else is worth waiting for.
  const electron = ensureElectron();
  if (!electron) fail(NO_ELECTRON);
  build();
  ensureElectronSqlite();
  launch(electron, args);
}
