// CMX 3600 EDL: one cut event per range (source in/out, then record in/out, all timecode at the source's
// rate: drop-frame "HH:MM:SS;FF" at 29.97/59.94), the label as "FROM CLIP NAME", the file's absolute
// path as "FROM FILE" / "SOURCE FILE" and a locator ("LOC") per range. Video and audio travel in one
// event: channel V, B (V + A1) for mono or AA/V (V + A1 + A2) for stereo and more.
import { AppError } from '../errors';
import { isTimebaseRate, rateLabel, timecode } from './rational';
import type { TimelineFormat, TimelinePlan } from './types';

/** The reel: AX, the usual name for a file that has no tape. */
const REEL = 'AX';

/** An EDL is lines: nothing may break one (and it stays free of characters an old reader chokes on). */
// eslint-disable-next-line no-control-regex
const line = (text: string): string => text.replace(/[\r\n\t\u0000-\u001F\u007F]+/g, ' ').trim();

function serialize(plan: TimelinePlan): string {
  const { fps, source } = plan;
  if (!isTimebaseRate(fps)) {
    throw new AppError(
      'BAD_ARGUMENTS',
      `An EDL's timecode only knows whole or NTSC frame rates, and this video runs at ${rateLabel(fps)} fps: export FCPXML, OpenTimelineIO or MLT instead.`,
    );
  }
  const tc = (frame: number) => timecode(frame, fps, plan.dropFrame);
  const channel = !source.hasAudio ? 'V' : source.channels >= 2 ? 'AA/V' : 'B';
  const width = Math.max(3, String(plan.clips.length).length);
  const out = [`TITLE: ${line(plan.title)}`, `FCM: ${plan.dropFrame ? 'DROP FRAME' : 'NON-DROP FRAME'}`, ''];
  for (const clip of plan.clips) {
    const number = String(clip.index + 1).padStart(width, '0');
    out.push(
      `${number}  ${REEL.padEnd(8)} ${channel.padEnd(5)} ${'C'.padEnd(8)} ${tc(clip.srcIn)} ${tc(clip.srcOut)} ${tc(clip.recIn)} ${tc(clip.recOut)}`,
      `* FROM CLIP NAME: ${line(clip.name)}`,
      `* FROM FILE: ${line(source.path)}`,
      `* SOURCE FILE: ${line(source.path)}`,
      `* LOC: ${tc(clip.recIn)} RED ${line(clip.name)}`,
      '',
    );
  }
  return out.join('\n');
}

export const edlFormat: TimelineFormat = {
  name: 'edl',
  label: 'CMX 3600 EDL',
  extension: 'edl',
  apps: 'DaVinci Resolve, Premiere Pro, Avid Media Composer, most editors',
  serialize,
};
