// The one typed contract between the UI and the core. Every transport (Electron IPC, the web server,
// the renderer's web shim) loops over `methods` and `events`; nothing is written per method.
// This file is shared by main, preload and renderer, so it imports nothing but zod.
import { z } from 'zod';

const seconds = z.number().finite().min(0);

export const ProbeSchema = z.object({
  durationSec: z.number(),
  sizeBytes: z.number(),
  formatName: z.string(),
  video: z
    .object({
      codec: z.string(),
      width: z.number(),
      height: z.number(),
      fps: z.number(),
      /** Median distance between keyframes in seconds, null when it could not be measured. */
      keyframeIntervalSec: z.number().nullable(),
    })
    .nullable(),
  audio: z.object({ codec: z.string(), sampleRate: z.number(), channels: z.number() }).nullable(),
});
export type Probe = z.infer<typeof ProbeSchema>;

export const MediaSchema = z.object({
  id: z.number().int(),
  path: z.string(),
  name: z.string(),
  probe: ProbeSchema,
});
export type Media = z.infer<typeof MediaSchema>;

export const ChatInfoSchema = z.object({
  path: z.string(),
  format: z.string(),
  messageCount: z.number().int(),
  skipped: z.number().int(),
  importedAt: z.string(),
  /** Seconds added to every message's time at import (chat sync); 0 when the chat's clock was used as is. */
  shiftSec: z.number(),
});
export type ChatInfo = z.infer<typeof ChatInfoSchema>;

export const HighlightOriginSchema = z.enum(['auto', 'manual']);

/** Why the detector proposed a range: what the chat did, in numbers and in its own words. */
export const EvidenceSchema = z.object({
  /** Second where the chat reaction peaked (the range starts earlier: chat reacts late). */
  peakSec: z.number(),
  /** Messages in the reaction and how many people wrote them. */
  messages: z.number().int(),
  chatters: z.number().int(),
  /** Reaction messages per second against the chat's usual rate around it. */
  ratio: z.number(),
  /** The emotes used most in the reaction, most used first. */
  topEmotes: z.array(z.object({ name: z.string(), count: z.number().int() })).max(10),
  /** A few representative messages, most repeated first. */
  sampleMessages: z.array(z.string().max(300)).max(8),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const HighlightSchema = z.object({
  id: z.string(),
  start: seconds,
  end: seconds,
  score: z.number(),
  origin: HighlightOriginSchema,
  /** An auto proposal the user changed: re-detection keeps it like a manual one. */
  edited: z.boolean(),
  /** What kind of moment the chat says it was: 'funny', 'hype', 'shock', 'clip-it', … (empty for manual ranges). */
  tags: z.array(z.string().max(32)).max(10),
  /** The chat activity behind an auto proposal; null for manual ranges. */
  evidence: EvidenceSchema.nullable(),
  /**
   * The user's name for the range, one line ('' when it has none). A labelled proposal counts as the
   * user's: re-detection keeps it like an edited one.
   */
  label: z.string().max(200),
});
export type Highlight = z.infer<typeof HighlightSchema>;

/**
 * What the UI sends when it saves, in reel order: ids may be new (client-made) and score/origin default.
 */
export const HighlightInputSchema = z.object({
  id: z.string().min(1).max(64),
  start: seconds,
  end: seconds,
  score: z.number().finite().default(0),
  origin: HighlightOriginSchema.default('manual'),
  edited: z.boolean().default(true),
  /** Omitted: kept as stored for this id (so a UI that does not know them never drops them). */
  tags: z.array(z.string().max(32)).max(10).optional(),
  evidence: EvidenceSchema.nullable().optional(),
  /**
   * Omitted: kept as stored for this id ('' for a new id). Trimmed; line breaks and other control
   * characters become spaces (a label is one line).
   */
  label: z.string().max(200).optional(),
});
export type HighlightInput = z.input<typeof HighlightInputSchema>;

const targetReelSec = z.number().min(10).max(36_000);

export const DetectorSettingsSchema = z.object({
  /** 0 (only the strongest moments) … 1 (many proposals). */
  sensitivity: z.number().min(0).max(1),
  /** "Target reel length": proposals are the best ranges that fit in this many seconds; null = no limit. */
  targetReelSec: targetReelSec.nullable(),
});
export type DetectorSettings = z.infer<typeof DetectorSettingsSchema>;

export const VodQualitySchema = z.object({
  /** Twitch's group id ("chunked" for source, "720p60", …): what openVod and `--quality` take. */
  id: z.string(),
  /** Display name, e.g. "1080p60". */
  name: z.string(),
  resolution: z.string().nullable(),
  fps: z.number().nullable(),
  bandwidth: z.number(),
  source: z.boolean(),
});
export type VodQuality = z.infer<typeof VodQualitySchema>;

/** What the user sees before anything downloads. */
export const VodPreviewSchema = z.object({
  vodId: z.string(),
  url: z.string(),
  title: z.string(),
  channelLogin: z.string(),
  channelName: z.string(),
  /** 0 for a VOD Twitch is still processing; the playlist's length is used when known. */
  lengthSec: z.number(),
  createdAt: z.string(),
  game: z.string().nullable(),
  /** A data: URL (fetched by the core, so the UI needs no remote image access), null when unavailable. */
  thumbnail: z.string().nullable(),
  /** Video qualities, best first; audio-only is not offered. */
  qualities: z.array(VodQualitySchema),
  /** Time from a `?t=1h2m3s` link, for the player to start at. */
  startSec: z.number().nullable(),
  /** The stream is still going: the VOD holds what was streamed so far (`lengthSec`), and a project opened now ends there. */
  live: z.boolean(),
});
export type VodPreview = z.infer<typeof VodPreviewSchema>;

export const TimeSpanSchema = z.object({ start: z.number(), end: z.number() });
export type TimeSpan = z.infer<typeof TimeSpanSchema>;

export const VodClipSchema = z.object({
  slug: z.string(),
  title: z.string(),
  /** Where the clip starts in the VOD. */
  offsetSec: z.number(),
  durationSec: z.number(),
  viewCount: z.number(),
  url: z.string(),
});
export type VodClip = z.infer<typeof VodClipSchema>;

/** A stretch of the VOD under one game or category (Twitch's chapters), in time order. */
export const VodChapterSchema = z.object({
  title: z.string(),
  start: z.number(),
  end: z.number(),
});
export type VodChapter = z.infer<typeof VodChapterSchema>;

/** A project opened from a Twitch VOD. */
export const TwitchSourceSchema = z.object({
  vodId: z.string(),
  url: z.string(),
  title: z.string(),
  channelName: z.string(),
  createdAt: z.string(),
  quality: z.string(),
  /** Whether media.path holds the whole video yet ('none' and 'partial' cannot be played; export still works). */
  video: z.enum(['none', 'partial', 'complete']),
  /** Stretches whose audio Twitch muted (copyright). */
  muted: z.array(TimeSpanSchema),
  /** Clips viewers made from this VOD, most viewed first. */
  clips: z.array(VodClipSchema),
  /** The VOD's chapters (game or category changes); empty when Twitch lists none. */
  chapters: z.array(VodChapterSchema),
  /** The stream was still going when the VOD was opened: the project ends where the stream was then. */
  live: z.boolean(),
});
export type TwitchSource = z.infer<typeof TwitchSourceSchema>;

/** Where the editor was when the user left a project (saveView), restored when it is opened again. */
export const ProjectViewSchema = z.object({
  playheadSec: z.number().finite().min(0),
  zoom: z.number().finite().min(1).max(100000),
  scrollSec: z.number().finite().min(0),
  selectedId: z.string().max(64).nullable(),
});
export type ProjectView = z.infer<typeof ProjectViewSchema>;

export const ProjectSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  media: MediaSchema,
  /** Set for projects opened from a Twitch VOD. */
  twitch: TwitchSourceSchema.nullable(),
  chat: ChatInfoSchema.nullable(),
  /** In reel order (the order last saved; the export plays them so), which need not be time order. */
  highlights: z.array(HighlightSchema),
  detector: DetectorSettingsSchema,
  /** The editor's view as last saved with saveView; null when it never was. */
  view: ProjectViewSchema.nullable(),
  createdAt: z.string(),
  /** The last edit (saveView does not count). */
  updatedAt: z.string(),
});
export type Project = z.infer<typeof ProjectSchema>;

export const ProjectSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  videoPath: z.string(),
  /** Set for projects opened from a Twitch VOD. */
  twitchVodId: z.string().nullable(),
  durationSec: z.number(),
  highlightCount: z.number().int(),
  /** Total length of the ranges in seconds (the reel's length before fast mode widens cuts). */
  rangesLengthSec: z.number(),
  /**
   * A small JPEG data: URL (about 160×90) of a frame of the video, or a VOD's Twitch thumbnail while
   * its video is not downloaded. Null while it is being made (a `projects` event follows) or when
   * there is none.
   */
  thumbnail: z.string().nullable(),
  updatedAt: z.string(),
});
export type ProjectSummary = z.infer<typeof ProjectSummarySchema>;

export const HeatmapSchema = z.object({
  /** Width of one bin in seconds; values[i] covers [i*binSec, (i+1)*binSec). */
  binSec: z.number(),
  /** Smoothed chat messages per second in each bin. */
  values: z.array(z.number()),
  max: z.number(),
  durationSec: z.number(),
  /** What the heat is: chat messages, or (a video without chat) the audio's loudness. */
  source: z.enum(['chat', 'audio']),
});
export type Heatmap = z.infer<typeof HeatmapSchema>;

/** The audio's waveform for the timeline: peaks[i] is the absolute peak amplitude (0..1) of [i*binSec, (i+1)*binSec). */
export const WaveformSchema = z.object({ binSec: z.number(), peaks: z.array(z.number()), durationSec: z.number() });
export type Waveform = z.infer<typeof WaveformSchema>;

/** smart: frame-exact cuts, only the frames up to the next keyframe re-encoded; accurate: all re-encoded; fast: stream copy at keyframes. */
export const ExportModeSchema = z.enum(['smart', 'accurate', 'fast']);
export type ExportMode = z.infer<typeof ExportModeSchema>;

export const PlannedRangeSchema = z.object({
  /** The range as the user drew it. */
  start: z.number(),
  end: z.number(),
  /** Where the cut really happens (equal to start/end in accurate mode; keyframes in fast mode). */
  cutStart: z.number(),
  cutEnd: z.number(),
});
export type PlannedRange = z.infer<typeof PlannedRangeSchema>;

/** One reel of every range, or each range as a file of its own. */
export const ExportLayoutSchema = z.enum(['reel', 'clips']);
export type ExportLayout = z.infer<typeof ExportLayoutSchema>;

/**
 * The file name of clip `n` (from 1) of `count` for a target file name: reel.mp4 → reel-01.mp4, at least
 * two digits and as many as `count` needs; with a label, its slug follows the number (reel-01-the-clutch.mp4).
 * The core names the files with it; the UI shows the names.
 */
export function clipFileName(targetName: string, n: number, count: number, label?: string): string {
  const dot = targetName.lastIndexOf('.');
  const [base, ext] = dot > 0 ? [targetName.slice(0, dot), targetName.slice(dot)] : [targetName, ''];
  const slug = label ? fileNameSlug(label) : '';
  return `${base}-${String(n).padStart(Math.max(2, String(count).length), '0')}${slug ? `-${slug}` : ''}${ext}`;
}

/** Longest slug in UTF-8 bytes: file names end at 255 bytes on most file systems, and the base needs room. */
const SLUG_MAX_BYTES = 80;
/** Names Windows reserves whatever the extension (CON, NUL, COM1, …). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/**
 * A label as a safe piece of a file name on every system: letters, marks and digits of any script are
 * kept (lower-cased); everything else (path separators, control characters, Windows' reserved
 * `<>:"/\|?*`, dots, spaces) becomes single hyphens, none at either end; at most SLUG_MAX_BYTES bytes,
 * never cutting a character. '' when nothing is left.
 */
export function fileNameSlug(label: string): string {
  const words = label.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{M}\p{N}_]+/gu, '-').replace(/^[-_]+|[-_]+$/g, '');
  let slug = '';
  let bytes = 0;
  for (const char of words) {
    const size = new TextEncoder().encode(char).length;
    if (bytes + size > SLUG_MAX_BYTES) break;
    slug += char;
    bytes += size;
  }
  slug = slug.replace(/[-_]+$/, '');
  return WINDOWS_RESERVED.test(slug) ? `${slug}_` : slug;
}

/** A box in source pixels (a 9:16 crop, the facecam or the gameplay of a split). */
export const PixelBoxSchema = z.object({
  x: z.number().int().nonnegative(),
  y: z.number().int().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type PixelBox = z.infer<typeof PixelBoxSchema>;

/** A 1080×1920 frame for Shorts/TikTok/Reels: a 9:16 crop, the whole frame on a blurred fill, or two boxes stacked. */
export const VerticalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('crop'), box: PixelBoxSchema }),
  z.object({ kind: z.literal('blur') }),
  z.object({ kind: z.literal('split'), top: PixelBoxSchema, bottom: PixelBoxSchema }),
]);
export type Vertical = z.infer<typeof VerticalSchema>;

export const ExportPresetSchema = z.enum(['source', '1080p', '720p']);
export type ExportPreset = z.infer<typeof ExportPresetSchema>;

/**
 * Everything one export is asked to do; the API and the CLI both hand it to the core's one dispatcher.
 * Re-encoding options (vertical, a preset other than source, crossfade, loudness) need the frames
 * decoded, so with them the mode that runs is accurate whatever `mode` says (the result says so).
 */
export const ExportSpecSchema = z.object({
  mode: ExportModeSchema.default('smart'),
  layout: ExportLayoutSchema.default('reel'),
  vertical: VerticalSchema.nullable().default(null),
  preset: ExportPresetSchema.default('source'),
  /** x264 CRF of re-encoded parts (lower is better; 20 is visually transparent). */
  quality: z.number().int().min(0).max(51).default(20),
  /** Crossfade between ranges of a reel, 0 (none) to 2 s. */
  crossfadeSec: z.number().min(0).max(2).default(0),
  /** Normalise the loudness to −14 LUFS (what YouTube plays at). */
  loudnorm: z.boolean().default(false),
  /** MP4 chapters (one per range) and a YouTube chapter file beside the reel. */
  chapters: z.boolean().default(false),
  /** The ranges as CSV (start,end,label) and JSON beside the output. */
  sideFiles: z.boolean().default(false),
});
export type ExportSpec = z.infer<typeof ExportSpecSchema>;

/**
 * A timeline another editor opens (nothing is rendered): FCPXML 1.10 (Final Cut Pro, DaVinci Resolve),
 * FCP 7 XML (Premiere Pro, Resolve), CMX 3600 EDL, OpenTimelineIO, MLT XML (Shotcut), Kdenlive project.
 */
export const TimelineFormatSchema = z.enum(['fcpxml', 'xmeml', 'edl', 'otio', 'mlt', 'kdenlive']);
export type TimelineFormatName = z.infer<typeof TimelineFormatSchema>;

/** The export dialog's last settings: this project's if it has exported before, else the last export's. */
export const ExportSettingsSchema = z.object({
  spec: ExportSpecSchema,
  /** This project's last export path (null: none yet). */
  outPath: z.string().nullable(),
  timelineFormat: TimelineFormatSchema,
});
export type ExportSettings = z.infer<typeof ExportSettingsSchema>;

export const ExportPlanSchema = z.object({
  mode: ExportModeSchema,
  /** In reel order, like the project's highlights. */
  ranges: z.array(PlannedRangeSchema),
  durationSec: z.number(),
});
export type ExportPlan = z.infer<typeof ExportPlanSchema>;

export const JobStateSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted']);
export type JobState = z.infer<typeof JobStateSchema>;

export const JobSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  projectId: z.number().int().nullable(),
  state: JobStateSchema,
  progress: z.object({
    fraction: z.number(),
    etaSec: z.number().nullable(),
    detail: z.string().nullable(),
  }),
  params: z.unknown(),
  result: z.unknown().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Job = z.infer<typeof JobSchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  /** True where the shell can show native open/save dialogs (Electron). */
  dialogs: z.boolean(),
  ffmpeg: z.object({
    available: z.boolean(),
    ffmpegPath: z.string().nullable(),
    ffprobePath: z.string().nullable(),
    message: z.string().nullable(),
  }),
  /** An OAuth token for subscriber-only VODs is stored (its value is never sent back). */
  twitchToken: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

const projectId = z.object({ projectId: z.number().int().positive() });
const path = z.string().min(1).max(4096);
/** A day either way is more than any stream; a bigger shift is a typo. */
const chatShiftSec = z.number().finite().min(-86_400).max(86_400);

/** Every call the UI can make: argument schema (validated by every transport) and result schema. */
export const methods = {
  getAppInfo: { args: z.object({}), result: AppInfoSchema },
  listProjects: { args: z.object({}), result: z.array(ProjectSummarySchema) },
  /**
   * Opens (or reopens) a video. A chat file given by path must import or the call fails; one found
   * next to the video that cannot be read only adds a warning, so the video still opens.
   */
  openLocal: {
    args: z.object({ videoPath: path, chatPath: path.optional() }),
    result: ProjectSchema.extend({ warnings: z.array(z.string()) }),
  },
  openProject: { args: projectId, result: ProjectSchema },
  /** Stores the editor's view of the project; neither its "last edit" time nor any event changes. */
  saveView: { args: projectId.extend({ view: ProjectViewSchema }), result: z.object({ ok: z.literal(true) }) },
  /**
   * What removeProject would delete from disk: for a project opened from a Twitch VOD (`vod`), the
   * files of its folder in the library (video, chat, segments, checkpoints). A video opened from the
   * user's own disk is never deleted, so `files` is empty for those.
   */
  describeRemoval: { args: projectId, result: z.object({ files: z.array(z.string()), vod: z.boolean() }) },
  /**
   * Removes the project from the library (its ranges, chat, finished jobs, view; its video's entry when
   * no other project uses it) and deletes the files describeRemoval listed. Refused with JOB_RUNNING
   * while a job of the project is running or queued. A `projects` event follows.
   */
  removeProject: { args: projectId, result: z.object({ removedFiles: z.array(z.string()) }) },
  /** Looks a VOD up (metadata, qualities, thumbnail) without downloading anything. */
  resolveVod: { args: z.object({ ref: z.string().min(1).max(2048) }), result: VodPreviewSchema },
  /**
   * Opens (or reopens) a VOD's project: starts the chat download, then the video download in the given
   * quality (source by default) unless `video` is false. The editor can open at once; the heatmap and
   * proposals appear when the chat is in (a `project` event says so).
   */
  openVod: {
    args: z.object({ ref: z.string().min(1).max(2048), quality: z.string().max(64).optional(), video: z.boolean().default(true) }),
    result: ProjectSchema,
  },
  /** Starts (or resumes, keeping finished segments) the video download of a VOD project. */
  downloadVodVideo: { args: projectId.extend({ quality: z.string().max(64).optional() }), result: JobSchema },
  /** Stores (or with null, forgets) the OAuth token used for subscriber-only VODs. */
  setTwitchToken: { args: z.object({ token: z.string().max(200).nullable() }), result: z.object({ twitchToken: z.boolean() }) },
  /**
   * Imports a chat file as a job (progress and cancel in the jobs list; it resumes after a restart) and
   * resolves when it is in, with proposals. `shiftSec` moves every message later (negative: earlier),
   * for logs whose clock does not start with the video (wall-clock logs count from their first message).
   * Replaces the project's chat only once the whole file is read.
   */
  importChat: { args: projectId.extend({ chatPath: path, shiftSec: chatShiftSec.optional() }), result: ProjectSchema },
  getHeatmap: { args: projectId, result: HeatmapSchema.nullable() },
  /**
   * The audio's waveform, read once by ffmpeg in a `waveform` job and cached in the library. Null while
   * it is not made yet (the call starts the job; a `waveform` event says when to ask again) or while a
   * VOD's video is downloading; empty peaks for a video without audio.
   */
  getWaveform: { args: projectId, result: WaveformSchema.nullable() },
  /**
   * Thumbnails (small JPEG data: URLs) for `count` evenly spaced times across [startSec, endSec], each
   * snapped to a power-of-two grid so scrolling and zooming reuse them (fewer when the window is
   * narrower than `count` grid steps). The cached ones come at once; the missing ones are made by a
   * `thumbnails` job (`pending` true meanwhile; a `thumbnails` event says to ask again). A newer
   * request for the project replaces the times an older one still had waiting.
   */
  getThumbnails: {
    args: projectId.extend({ startSec: z.number().min(0), endSec: z.number().min(0), count: z.number().int().min(1).max(200) }),
    result: z.object({ thumbnails: z.array(z.object({ timeSec: z.number(), url: z.string() })), pending: z.boolean() }),
  },
  /**
   * What the chat said in [startSec, endSec) (narrowed to 60 s around its centre), bots and !commands
   * left out: for the heatmap's hover tooltip.
   */
  chatAt: {
    args: projectId.extend({ startSec: z.number().min(0), endSec: z.number().min(0) }),
    result: z.object({
      messages: z.number().int(),
      perSec: z.number(),
      topEmotes: z.array(z.object({ name: z.string(), count: z.number().int() })).max(5),
      sampleMessages: z.array(z.string().max(300)).max(3),
    }),
  },
  /**
   * Re-runs the detector with these settings (stored with the project): manual, edited and labelled
   * ranges stay, in their order; untouched proposals are replaced. New proposals go in by time when the
   * ranges kept are in time order, else after them (in time order). `targetReelSec` omitted keeps the
   * stored one; null removes it.
   */
  detect: {
    args: projectId.extend({ sensitivity: z.number().min(0).max(1), targetReelSec: targetReelSec.nullable().optional() }),
    result: ProjectSchema,
  },
  /**
   * Replaces the project's ranges with these, in this order (the reel order); the result is the stored
   * list in that order. Ranges are kept inside the video and apart (an overlap is trimmed in time).
   */
  saveHighlights: {
    args: projectId.extend({ highlights: z.array(HighlightInputSchema).max(10_000) }),
    result: z.array(HighlightSchema),
  },
  planExport: { args: projectId.extend({ mode: ExportModeSchema }), result: ExportPlanSchema },
  /**
   * Exports the project's ranges as a job: one reel at `outPath`, or with layout 'clips' one file per
   * range named after it and its label (reel.mp4 → reel-01-the-clutch.mp4, reel-02.mp4, …; a failed or
   * cancelled set leaves none). The other ExportSpec fields are optional (their defaults): `chapters` puts
   * MP4 chapters in the reel and writes reel.chapters.txt (YouTube), `sideFiles` reel.csv and reel.json.
   * Re-encoding options (vertical, a preset other than source, crossfade, loudnorm, a quality other than
   * 20 outside fast mode) are refused with BAD_ARGUMENTS for now; so are chapters with layout 'clips'.
   */
  startExport: { args: projectId.extend({ outPath: path, ...ExportSpecSchema.shape, mode: ExportModeSchema }), result: JobSchema },
  /**
   * Writes the project's ranges, in reel order and named by their labels, as a timeline for another
   * editor at `outPath` (complete or not at all). It points at the project's video by absolute path.
   */
  exportTimeline: { args: projectId.extend({ format: TimelineFormatSchema, outPath: path }), result: z.object({ outPath: z.string() }) },
  /** What the export dialog starts from: the settings of this project's last export, else of the last export. */
  exportDefaults: { args: projectId, result: ExportSettingsSchema },
  cancelJob: { args: z.object({ jobId: z.number().int().positive() }), result: JobSchema },
  listJobs: { args: z.object({}), result: z.array(JobSchema) },
  /** Native dialogs; only where AppInfo.dialogs is true. Resolves to null when the user cancels. */
  chooseFile: {
    args: z.object({ purpose: z.enum(['video', 'chat', 'export']), defaultPath: path.optional() }),
    result: z.object({ path: z.string().nullable() }),
  },
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodArgs<M extends MethodName> = z.input<Methods[M]['args']>;
export type MethodResult<M extends MethodName> = z.infer<Methods[M]['result']>;

/** Everything the core pushes to the UI. */
export const events = {
  /** A job was created or changed state or progress. */
  job: JobSchema,
  /** A project's stored data changed (highlights, chat) outside the caller's own request. */
  project: z.object({ projectId: z.number().int() }),
  /** What listProjects returns changed for this project (removed, thumbnail ready): list them again. */
  projects: z.object({ projectId: z.number().int() }),
  /** The desktop menu chose an editor command (an id of renderer/src/store/commands.ts); sent by the Electron shell only. */
  menuCommand: z.object({ id: z.string().max(64) }),
  /** The project's waveform is ready: getWaveform returns it now. */
  waveform: z.object({ projectId: z.number().int() }),
  /** A batch of the project's timeline thumbnails is ready: ask getThumbnails again. */
  thumbnails: z.object({ projectId: z.number().int() }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

/** The API as implemented by the core and as seen by the UI (window.highlighter). */
export type HighlighterApi = {
  [M in MethodName]: Record<string, never> extends MethodArgs<M>
    ? (args?: MethodArgs<M>) => Promise<MethodResult<M>>
    : (args: MethodArgs<M>) => Promise<MethodResult<M>>;
};

/** What window.highlighter exposes: the API plus event subscription and media URLs. */
export interface HighlighterBridge extends HighlighterApi {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** URL the <video> element can play for a registered media id (media:// or /media/…). */
  mediaUrl(mediaId: number): string;
  /** Absolute path of a file dropped onto the window (Electron only; null in a browser). */
  pathForFile(file: File): string | null;
  transport: 'electron' | 'web';
}

/** Errors cross every transport as this shape; `message` is written for the user. */
export const ErrorShape = z.object({ code: z.string(), message: z.string() });
export type ErrorShape = z.infer<typeof ErrorShape>;

/** Envelope used by transports that cannot carry typed errors (Electron IPC, HTTP). */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorShape };
