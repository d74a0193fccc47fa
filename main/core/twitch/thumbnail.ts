// The VOD thumbnail as a data: URL. The core fetches it so the UI's Content-Security-Policy can keep
// images to 'self' and data: (no remote hosts), and so it works against any endpoint override.
import { httpRequest } from './http';

const MAX_BYTES = 512 * 1024;

export async function fetchThumbnail(url: string | null, opts: { signal?: AbortSignal } = {}): Promise<string | null> {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  try {
    const response = await httpRequest(url, { timeoutMs: 10_000, signal: opts.signal });
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!/^image\/(png|jpeg|webp|gif)$/.test(type)) return null;
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length === 0 || bytes.length > MAX_BYTES) return null;
    return `data:${type};base64,${bytes.toString('base64')}`;
  } catch {
    // A missing thumbnail never stops a VOD from opening.
    return null;
  }
}
