// Turns whatever the user pasted into a VOD id (and the `?t=` start time), or refuses it with a message
// that shows what a VOD reference looks like. Only digits leave this module, which is what lets the
// id be placed into query text and file names safely.
import { AppError } from '../errors';

export interface VodRef {
  vodId: string;
  /** From `t=1h2m3s` (or `t=3723s`, `t=3723`); null when absent. */
  startSec: number | null;
}

const EXAMPLE = 'Paste a VOD link like https://www.twitch.tv/videos/123456789 or just its number.';
const TWITCH_HOSTS = new Set(['twitch.tv', 'www.twitch.tv', 'm.twitch.tv', 'player.twitch.tv']);
const ID = /^v?(\d{1,15})$/i;

export function parseVodRef(input: string): VodRef {
  const text = input.trim();
  if (!text) throw invalid('The VOD reference is empty.');
  const bare = ID.exec(text);
  if (bare) return { vodId: normaliseId(bare[1]!), startSec: null };

  const url = parseUrl(text);
  if (!url) throw invalid(`"${shorten(text)}" is not a Twitch VOD.`);
  const host = url.hostname.toLowerCase();
  if (host === 'clips.twitch.tv' || /\/clip\//.test(url.pathname)) {
    throw invalid('That is a link to a clip, not to a VOD.');
  }
  if (!TWITCH_HOSTS.has(host)) throw invalid(`"${shorten(text)}" is not a Twitch link.`);

  const startSec = url.searchParams.has('t') ? parseTimestamp(url.searchParams.get('t') ?? '') : null;
  // player.twitch.tv/?video=v123456789
  const playerId = url.searchParams.get('video');
  if (host === 'player.twitch.tv' && playerId && ID.test(playerId)) {
    return { vodId: normaliseId(ID.exec(playerId)![1]!), startSec };
  }
  const parts = url.pathname.split('/').filter(Boolean);
  // /videos/<id>, /<channel>/video/<id>, /<channel>/v/<id> (old links)
  const at = parts.findIndex((p, i) => (p === 'videos' && i === 0) || ((p === 'video' || p === 'v') && i === 1));
  const idPart = at === -1 ? undefined : parts[at + 1];
  if (idPart && ID.test(idPart) && parts.length === at + 2) {
    return { vodId: normaliseId(ID.exec(idPart)![1]!), startSec };
  }
  if (parts.length === 1) throw invalid(`That is a link to the channel "${parts[0]}", not to one of its VODs.`);
  throw invalid(`"${shorten(text)}" is not a link to a Twitch VOD.`);
}

/** "1h2m3s", "3723s", "3723", "2m" → seconds; null when it is not a time. */
export function parseTimestamp(value: string): number | null {
  const v = value.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(v);
  if (!match || v === '') return null;
  const [, h = '0', m = '0', s = '0'] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

function parseUrl(text: string): URL | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

function normaliseId(digits: string): string {
  const id = digits.replace(/^0+(?=\d)/, '');
  if (id === '0') throw invalid('A VOD number cannot be 0.');
  return id;
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function invalid(reason: string): AppError {
  return new AppError('VOD_REF_INVALID', `${reason} ${EXAMPLE}`);
}
