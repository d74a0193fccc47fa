// Media playlist text as Twitch writes it, for the playlist tests.
export { chooseVariant, mutedSpans, parseMasterPlaylist, parseMediaPlaylist, segmentsForRanges } from '../../../main/core/twitch/playlists';

export function mediaPlaylistForTest(durations: number[], opts: { muted?: number[]; ended?: boolean } = {}): string {
  const total = durations.reduce((a, b) => a + b, 0);
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${Math.ceil(Math.max(...durations))}`,
    '#ID3-EQUIV-TDTG:2024-05-17T18:00:00',
    '#EXT-X-PLAYLIST-TYPE:EVENT',
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-TWITCH-ELAPSED-SECS:0.000',
    `#EXT-X-TWITCH-TOTAL-SECS:${total.toFixed(3)}`,
  ];
  durations.forEach((d, i) => lines.push(`#EXTINF:${d.toFixed(3)},`, opts.muted?.includes(i) ? `${i}-muted.ts` : `${i}.ts`));
  if (opts.ended ?? true) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}
