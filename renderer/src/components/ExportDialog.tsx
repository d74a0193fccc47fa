// Export: where to, fast or accurate, what each mode will do to the cuts (the core's plan), then the
// job's progress with cancel, and its outcome.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { clipFileName, type ExportLayout, type ExportMode, type ExportPlan, type Highlight, type Job } from '../../../preload/contract';
import { userMessage } from '../bridge/bridgeError';
import { formatDelta, formatLength, formatTime, formatTimeLeft } from '../format';
import { useApp } from '../store';
import { AlertBanner } from './AlertBanner';
import { PathField } from './PathField';
import { useModalDialog } from './useModalDialog';

const MODE_HELP: Record<ExportMode, string> = {
  fast:
    'Copies the video without re-encoding, so it takes seconds, but a cut can only happen on a keyframe: ' +
    'each boundary moves to a nearby keyframe, as listed below.',
  accurate:
    'Re-encodes the video so every cut is exactly where you put it. It takes longer, roughly the reel\'s ' +
    'length or less, depending on the video and this computer.',
};

export function ExportDialog() {
  const open = useApp((s) => s.exportOpen);
  const setOpen = useApp((s) => s.setExportOpen);
  const dialogRef = useModalDialog(open);

  return (
    <dialog
      ref={dialogRef}
      className="dialog export-dialog"
      aria-label="Export"
      onClose={() => setOpen(false)}
    >
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
  const highlightCount = useApp((s) => s.highlights.length);
  const highlights = useApp((s) => s.highlights);
  const order = useApp((s) => s.order);
  const planExport = useApp((s) => s.planExport);
  const startExport = useApp((s) => s.startExport);
  const cancelJob = useApp((s) => s.cancelJob);
  const job = useApp((s) => (s.exportJobId === null ? null : (s.jobs[s.exportJobId] ?? null)));
  const [outPath, setOutPath] = useState(() => (project ? suggestedPath(project.media.path) : ''));
  const [mode, setMode] = useState<ExportMode>('fast');
  const [layout, setLayout] = useState<ExportLayout>('reel');
  const layoutId = useId();
  // The answer is tagged with what it was asked for, so a stale plan is never shown as current.
  const [answer, setAnswer] = useState<PlanAnswer | null>(null);
  const [starting, setStarting] = useState(false);
  const modeId = useId();
  const running = job !== null && (job.state === 'queued' || job.state === 'running');

  useEffect(() => {
    let live = true;
    if (highlights.length === 0) return;
    planExport(mode).then(
      (plan) => live && setAnswer({ mode, highlights, order, plan, error: null }),
      (error: unknown) => live && setAnswer({ mode, highlights, order, plan: null, error: userMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [mode, highlights, order, planExport]);
  const current = answer && answer.mode === mode && answer.highlights === highlights && answer.order === order ? answer : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const path = outPath.trim();
    if (!path || running || starting) return;
    setStarting(true);
    try {
      await startExport(path, mode, layout);
    } finally {
      setStarting(false);
    }
  }

  const keyframeSec = project?.media.probe.video?.keyframeIntervalSec ?? null;

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
      <div className="field">
        <label htmlFor={layoutId}>Export as</label>
        <select
          id={layoutId}
          className="input"
          value={layout}
          disabled={running}
          onChange={(e) => setLayout(e.target.value as ExportLayout)}
        >
          <option value="reel">One reel</option>
          <option value="clips">Separate clips</option>
        </select>
        {layout === 'clips' && (
          <p className="field-hint">
            One file per range, named after the export path: {clipNames(outPath, highlightCount)}.
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={modeId}>Export mode</label>
        <select
          id={modeId}
          className="input"
          aria-label="Export mode"
          value={mode}
          disabled={running}
          onChange={(e) => setMode(e.target.value as ExportMode)}
        >
          <option value="fast">fast</option>
          <option value="accurate">accurate</option>
        </select>
        <ul className="mode-help">
          {(['fast', 'accurate'] as const).map((m) => (
            <li key={m} className={m === mode ? 'current' : ''}>
              <strong>{m === 'fast' ? 'Fast' : 'Accurate'}.</strong> {MODE_HELP[m]}
              {m === 'fast' && keyframeSec !== null && (
                <> In this video keyframes are about {keyframeSec.toFixed(1)} s apart.</>
              )}
            </li>
          ))}
        </ul>
      </div>
      <PlanView plan={current?.plan ?? null} error={current?.error ?? null} empty={highlightCount === 0} />
      <div className="dialog-actions">
        <button type="submit" className="btn btn-primary" disabled={running || starting || highlightCount === 0}>
          Start export
        </button>
        {running && job && (
          <button type="button" className="btn btn-danger" onClick={() => void cancelJob(job.id)}>
            Cancel export
          </button>
        )}
      </div>
      {job && <JobProgress job={job} />}
    </form>
  );
}

function PlanView({ plan, error, empty }: { plan: ExportPlan | null; error: string | null; empty: boolean }) {
  if (empty) return <p className="plan muted">There are no highlights to export yet.</p>;
  if (error) return <p className="plan plan-error">Could not plan the export: {error}</p>;
  if (!plan) return <p className="plan muted">Planning the cuts…</p>;
  return (
    <section className="plan" aria-label="Export plan">
      <p className="plan-total">
        {plan.ranges.length} range{plan.ranges.length === 1 ? '' : 's'} · reel length{' '}
        <strong>{formatLength(plan.durationSec)}</strong> ({formatTime(plan.durationSec)})
      </p>
      <ol className="plan-list">
        {plan.ranges.map((r, i) => {
          const startShift = r.cutStart - r.start;
          const endShift = r.cutEnd - r.end;
          const exact = Math.abs(startShift) < 0.05 && Math.abs(endShift) < 0.05;
          return (
            <li key={i}>
              <span className="plan-range">
                Highlight {i + 1}: {formatTime(r.cutStart)} – {formatTime(r.cutEnd)}
              </span>{' '}
              <span className={exact ? 'plan-exact' : 'plan-moved'}>
                {plan.mode === 'accurate' || exact
                  ? 'exact'
                  : `start ${formatDelta(startShift)}, end ${formatDelta(endShift)}`}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function JobProgress({ job }: { job: Job }) {
  const percent = Math.round(Math.min(1, Math.max(0, job.progress.fraction)) * 100);
  if (job.state === 'done') {
    const out = resultPath(job);
    const clips = clipCount(job);
    return (
      <p className="job-outcome job-done" role="status">
        Export finished{clips > 1 ? ` (${clips} clips)` : ''}
        {out ? <>: <span className="path">{out}</span></> : '.'}
      </p>
    );
  }
  if (job.state === 'failed') {
    return (
      <p className="job-outcome job-failed" role="alert">
        Export failed: {job.error?.message ?? 'unknown error'}
      </p>
    );
  }
  if (job.state === 'cancelled') {
    return (
      <p className="job-outcome job-cancelled" role="status">
        Export cancelled.
      </p>
    );
  }
  if (job.state === 'interrupted') {
    return (
      <p className="job-outcome job-failed" role="status">
        The export was interrupted (Highlighter was closed). Start it again.
      </p>
    );
  }
  const left = formatTimeLeft(job.progress.etaSec);
  return (
    <div className="job-progress">
      <div
        className="progress"
        role="progressbar"
        aria-label="Export progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%${left ? `, ${left}` : ''}`}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="progress-text">
        <strong>{percent}%</strong>
        {job.state === 'queued' ? ' · waiting to start' : ''}
        {left ? ` · ${left}` : job.state === 'running' ? ' · estimating time left' : ''}
        {job.progress.detail ? ` · ${job.progress.detail}` : ''}
      </p>
    </div>
  );
}

/** How many files a finished clips export wrote (0 for a reel). */
function clipCount(job: Job): number {
  const paths = (job.result as { outPaths?: unknown } | null)?.outPaths;
  return Array.isArray(paths) ? paths.length : 0;
}

/** "reel-01.mp4 … reel-05.mp4", as the core names the clips (media/exportClips.ts). */
function clipNames(outPath: string, count: number): string {
  const name = outPath.trim().split(/[\\/]/).pop() || 'reel.mp4';
  const n = Math.max(1, count);
  return n > 1 ? `${clipFileName(name, 1, n)} … ${clipFileName(name, n, n)}` : clipFileName(name, 1, 1);
}

/** The output path a finished export job reports, whatever shape its result takes. */
function resultPath(job: Job): string | null {
  const result = job.result;
  if (typeof result === 'string') return result;
  if (result && typeof result === 'object') {
    for (const key of ['outPath', 'path', 'output', 'file']) {
      const value = (result as Record<string, unknown>)[key];
      if (typeof value === 'string') return value;
    }
  }
  const params = job.params;
  if (params && typeof params === 'object' && typeof (params as Record<string, unknown>).outPath === 'string') {
    return (params as Record<string, string>).outPath ?? null;
  }
  return null;
}
