// Where the library lives when HIGHLIGHTER_DATA_DIR does not say: the same folder Electron's
// app.getPath('userData') gives for productName "Highlighter", so the CLI, the web server and the
// desktop app share one library.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const PRODUCT_NAME = 'Highlighter';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.HIGHLIGHTER_DATA_DIR) return resolve(env.HIGHLIGHTER_DATA_DIR);
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), PRODUCT_NAME);
}
