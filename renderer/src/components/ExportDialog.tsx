// Export: where to, as what (one reel, separate clips, vertical 9:16), how (smart, fast, accurate), the
// output options, what the cuts will really be (the core's plan), the output's length and size, then the
// job's progress with cancel and its outcome. Opens with the last export's settings (the core keeps them);
// the ranges can also go out as a timeline for another editor.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  clipFileName,
  ExportSpecSchema,
  type ExportMode,
  type ExportPlan,
  type ExportSpec,
  type Highlight,
  type TimelineFormatName,
  type Vertical,
} from '../../../preload/contract';
import { userMessage } from '../bridge/bridgeError';
import { estimatedBytes, formatBytes, modeThatRuns, needsRender, outputLengthSec, outputSize } from '../export/exportEstimate';
import { defaultVertical, fitVertical, type VerticalKind } from '../export/verticalBoxes';
import { formatLength } from '../format';
import { playbackStore } from '../player/playback';
import { useApp } from '../store';
import { AlertBanner } from './AlertBanner';
import { JobProgress } from './export/JobOutcome';
import { PlanView } from './export/PlanView';
import { TimelineSection } from './export/TimelineSection';
import { VerticalFramer } from './export/VerticalFramer';
import { PathField } from './PathField';
import { useModalDialog } from './useModalDialog';

const MODE_HELP: Record<ExportMode, string> = {
  smart:
    'Cuts exactly where you put each boundary and re-encodes only the frames up to the next keyframe; ' +
    'the rest is copied, so it is nearly as fast as Fast.',
  fast:
    'Copies the video without re-encoding, so it takes seconds, but a cut can only happen on a keyframe: ' +
    'each boundary moves to a nearby keyframe, as listed below.',
  accurate:
    "Re-encodes the whole reel so every cut is exactly where you put it. It takes longer, roughly the reel's " +
    'length or less, depending on the video and this computer.',
};

/** In the order offered, the default first. */
const MODES: readonly ExportMode[] = ['smart', 'fast', 'accurate'];
const MODE_NAMES: Record<ExportMode, string> = { smart: 'Smart', fast: 'Fast', accurate: 'Accurate' };

const QUALITIES = [
  { crf: 18, label: 'High' },
  { crf: 20, label: 'Standard' },
  { crf: 24, label: 'Smaller file' },
];

type ExportAs = 'reel' | 'clips' | 'vertical';

export function ExportDialog() {
  const open = useApp((s) => s.exportOpen);
  const setOpen = useApp((s) => s.setExportOpen);
  const dialogRef = useModalDialog(open);

  return (
    <dialog ref={dialogRef} className="dialog export-dialog" aria-label="Export" onClose={() => setOpen(false)}>
      {open && <ExportForm onClose={() => setOpen(false)} />}
    </dialog>
  );
}

/** A suggestion next to the video; the user edits it freely and the core checks it. */
function suggestedPath(videoPath: string): string {
  const dot = videoPath.lastIndexOf('.');
  const slash = Math.max(videoPath.lastIndexOf('/'), videoPath.lastIndexOf('\\'));
  const stem = dot > slash ? videoPath.slice(0, dot) : videoPath;
  return `${stem}.highlights.mp4`;
}

interface PlanAnswer {
  mode: ExportMode;
  highlights: Highlight[];
  order: string[];
  plan: ExportPlan | null;
  error: string | null;
}

function ExportForm({ onClose }: { onClose(): void }) {
  const project = useApp((s) => s.project);
  const highlights = useApp((s) => s.highlights);
  const order = useApp((s) => s.order);
  const planExport = useApp((s) => s.planExport);
  const startExport = useApp((s) => s.startExport);
  const exportDefaults = useApp((s) => s.exportDefaults);
  const cancelJob = useApp((s) => s.cancelJob);
  const job = useApp((s) => (s.exportJobId === null ? null : (s.jobs[s.exportJobId] ?? null)));
  const probe = project?.media.probe ?? null;
  const frame = probe?.video ? { width: probe.video.width, height: probe.video.height } : null;

  const [outPath, setPath] = useState(() => (project ? suggestedPath(project.media.path) : ''));
  const [spec, setSpec] = useState<ExportSpec>(() => ExportSpecSchema.parse({}));
  // Once the user has changed something, the remembered settings (they may arrive late) never override it.
  const touched = useRef(false);
  const setOutPath = (path: string) => {
    touched.current = true;
    setPath(path);
  };
  const [verticalKind, setVerticalKind] = useState<VerticalKind>('crop');
  const [timelineFormat, setTimelineFormat] = useState<TimelineFormatName>('fcpxml');
  const [answer, setAnswer] = useState<PlanAnswer | null>(null);
  const [starting, setStarting] = useState(false);
  const ids = { as: useId(), mode: useId(), layout: useId(), files: useId(), preset: useId(), quality: useId(), fade: useId() };
  const running = job !== null && (job.state === 'queued' || job.state === 'running');
  const exportAs: ExportAs = spec.vertical ? 'vertical' : spec.layout;
  const update = (change: Partial<ExportSpec>) => {
    touched.current = true;
    setSpec((s) => ({ ...s, ...change }));
  };

  // The last settings, once: the dialog is usable before they arrive and keeps what the user changed since.
  useEffect(() => {
    let live = true;
    void exportDefaults().then((saved) => {
      if (!live || !saved || touched.current) return;
      const vertical = saved.spec.vertical && frame ? fitVertical(saved.spec.vertical, frame) : null;
      setSpec({ ...saved.spec, vertical });
      if (vertical) setVerticalKind(vertical.kind);
      if (saved.outPath) setPath(saved.outPath);
      setTimelineFormat(saved.timelineFormat);
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- read once when the dialog opens
  }, []);

  const planMode = modeThatRuns(spec.mode, spec);
  useEffect(() => {
    let live = true;
    if (highlights.length === 0) return;
    planExport(planMode).then(
      (plan) => live && setAnswer({ mode: planMode, highlights, order, plan, error: null }),
      (error: unknown) => live && setAnswer({ mode: planMode, highlights, order, plan: null, error: userMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [planMode, highlights, order, planExport]);
  const current = answer && answer.mode === planMode && answer.highlights === highlights && answer.order === order ? answer : null;

  function setExportAs(next: ExportAs) {
    if (next === 'vertical') {
      if (!frame) return;
      update({ vertical: spec.vertical ?? defaultVertical(verticalKind, frame), chapters: false });
    } else {
      update({ vertical: null, layout: next, ...(next === 'clips' ? { chapters: false } : {}) });
    }
  }

  function setVertical(kind: VerticalKind) {
    if (!frame) return;
    setVerticalKind(kind);
    update({ vertical: defaultVertical(kind, frame) });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const path = outPath.trim();
    if (!path || running || starting) return;
    setStarting(true);
    try {
      // The quality applies to what a look re-encodes; without one, re-encoded parts keep the standard.
      await startExport(path, rendered ? spec : { ...spec, quality: 20 });
    } finally {
      setStarting(false);
    }
  }

  const keyframeSec = probe?.video?.keyframeIntervalSec ?? null;
  const rendered = needsRender(spec);
  const plan = current?.plan ?? null;
  const lengthSec = plan ? outputLengthSec(plan.durationSec, plan.ranges.length, spec) : null;
  const size = probe ? outputSize(probe, spec) : null;
  const labels = order.map((id) => highlights.find((h) => h.id === id)?.label ?? '');

  return (
    <form className="export-form" onSubmit={(e) => void submit(e)}>
      <header className="dialog-head">
        <h2>Export highlight reel</h2>
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose}>
          Close
        </button>
      </header>
      <AlertBanner />
      <PathField label="Export path" value={outPath} onChange={setOutPath} purpose="export" required disabled={running} />
      <div className="export-columns">
        <div className="export-column">
          <div className="field">
            <label htmlFor={ids.as}>Export as</label>
            <select id={ids.as} className="input" value={exportAs} disabled={running} onChange={(e) => setExportAs(e.target.value as ExportAs)}>
              <option value="reel">One reel</option>
              <option value="clips">Separate clips</option>
              <option value="vertical" disabled={!frame}>
                Vertical
              </option>
            </select>
            {spec.vertical && <p className="field-hint">1080×1920 (9:16) for Shorts, TikTok and Reels.</p>}
            {spec.layout === 'clips' && <p className="field-hint">One file per range, named after the export path: {clipNames(outPath, labels)}.</p>}
          </div>
          {spec.vertical && frame && project && (
            <>
              <div className="field field-inline">
                <label htmlFor={ids.layout}>Vertical layout</label>
                <select id={ids.layout} className="input" value={spec.vertical.kind} disabled={running} onChange={(e) => setVertical(e.target.value as VerticalKind)}>
                  <option value="crop">Crop to 9:16</option>
                  <option value="blur">Whole frame on a blurred background</option>
                  <option value="split">Split: facecam over gameplay</option>
                </select>
                <label htmlFor={ids.files}>Files</label>
                <select id={ids.files} className="input" value={spec.layout} disabled={running} onChange={(e) => update({ layout: e.target.value as ExportSpec['layout'] })}>
                  <option value="reel">One reel</option>
                  <option value="clips">Separate clips</option>
                </select>
              </div>
              <VerticalFramer
                mediaId={project.media.id}
                frame={frame}
                timeSec={playbackStore.getState().currentTime}
                value={spec.vertical}
                onChange={(vertical: Vertical) => update({ vertical })}
                disabled={running}
              />
            </>
          )}
          <div className="field">
            <label htmlFor={ids.mode}>Export mode</label>
            <select id={ids.mode} className="input" aria-label="Export mode" value={spec.mode} disabled={running} onChange={(e) => update({ mode: e.target.value as ExportMode })}>
              {MODES.map((m) => (
                <option key={m} value={m}>
                  {MODE_NAMES[m]}
                </option>
              ))}
            </select>
            <ul className="mode-help">
              {MODES.map((m) => (
                <li key={m} className={m === spec.mode ? 'current' : ''}>
                  <strong>{MODE_NAMES[m]}.</strong> {MODE_HELP[m]}
                  {m === 'fast' && keyframeSec !== null && <> In this video keyframes are about {keyframeSec.toFixed(1)} s apart.</>}
                </li>
              ))}
            </ul>
            {rendered && spec.mode !== 'accurate' && (
              <p className="field-hint" role="note">
                Vertical, a smaller size, crossfades and loudness need every frame re-encoded: this export runs as accurate.
              </p>
            )}
          </div>
        </div>
        <fieldset className="export-column export-options" disabled={running}>
          <legend>Output</legend>
          <div className="field field-inline">
            <label htmlFor={ids.preset}>Resolution</label>
            <select id={ids.preset} className="input" value={spec.preset} disabled={!!spec.vertical} onChange={(e) => update({ preset: e.target.value as ExportSpec['preset'] })}>
              <option value="source">Source{probe?.video ? ` (${probe.video.width}×${probe.video.height})` : ''}</option>
              <option value="1080p">1080p</option>
              <option value="720p">720p</option>
            </select>
            <label htmlFor={ids.quality}>Quality</label>
            <select id={ids.quality} className="input" value={spec.quality} disabled={!rendered} title={rendered ? undefined : 'For vertical, resized, crossfaded or loudness-normalised exports'} onChange={(e) => update({ quality: Number(e.target.value) })}>
              {QUALITIES.map((q) => (
                <option key={q.crf} value={q.crf}>
                  {q.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-inline">
            <label htmlFor={ids.fade}>Crossfade (seconds)</label>
            <input
              id={ids.fade}
              type="number"
              className="input input-small"
              min={0}
              max={2}
              step={0.1}
              value={spec.crossfadeSec}
              disabled={spec.layout === 'clips'}
              onChange={(e) => update({ crossfadeSec: Math.min(2, Math.max(0, Number(e.target.value) || 0)) })}
            />
          </div>
          <label className="check">
            <input type="checkbox" checked={spec.loudnorm} onChange={(e) => update({ loudnorm: e.target.checked })} /> Normalise loudness to −14 LUFS (YouTube)
          </label>
          <label className="check">
            <input type="checkbox" checked={spec.chapters} disabled={spec.layout === 'clips'} onChange={(e) => update({ chapters: e.target.checked })} /> Chapters (in the MP4, and a YouTube chapter list)
          </label>
          <label className="check">
            <input type="checkbox" checked={spec.sideFiles} onChange={(e) => update({ sideFiles: e.target.checked })} /> Ranges as CSV and JSON beside the export
          </label>
          <p className="export-estimate" aria-label="Output summary">
            {size ? `${size.width}×${size.height}` : 'Audio only'}
            {lengthSec !== null && probe ? (
              <>
                {' '}· {formatLength(lengthSec)} · about {formatBytes(estimatedBytes(probe, lengthSec, spec.mode, spec))}
              </>
            ) : null}
          </p>
        </fieldset>
      </div>
      <PlanView plan={plan} error={current?.error ?? null} empty={highlights.length === 0} />
      <div className="dialog-actions">
        <button type="submit" className="btn btn-primary" disabled={running || starting || highlights.length === 0}>
          Start export
        </button>
        {running && job && (
          <button type="button" className="btn btn-danger" onClick={() => void cancelJob(job.id)}>
            Cancel export
          </button>
        )}
      </div>
      {job && <JobProgress job={job} />}
      <TimelineSection exportPath={outPath} format={timelineFormat} onFormat={setTimelineFormat} />
    </form>
  );
}

/** "reel-01-the-clutch.mp4 … reel-05.mp4", as the core names the clips. */
function clipNames(outPath: string, labels: string[]): string {
  const name = outPath.trim().split(/[\\/]/).pop() || 'reel.mp4';
  const n = Math.max(1, labels.length);
  const first = clipFileName(name, 1, n, labels[0] || undefined);
  return n > 1 ? `${first} … ${clipFileName(name, n, n, labels[n - 1] || undefined)}` : first;
}
