// The export job as the dialog follows it: progress with time left, then how it ended — the files
// written, the mode that ran (and why, after a fallback) and any warning (e.g. YouTube's chapter rules).
import type { Job } from '../../../../preload/contract';
import { formatTimeLeft } from '../../format';

export function JobProgress({ job }: { job: Job }) {
  const percent = Math.round(Math.min(1, Math.max(0, job.progress.fraction)) * 100);
  if (job.state === 'done') {
    const out = resultPath(job);
    const clips = clipCount(job);
    const { mode, fallbackReason, warnings } = outcomeNotes(job);
    return (
      <div className="job-outcome job-done">
        <p role="status">
          Export finished{clips > 1 ? ` (${clips} clips)` : ''}
          {mode ? `, ${mode} mode` : ''}
          {out ? <>: <span className="path">{out}</span></> : '.'}
        </p>
        {fallbackReason && <p className="job-note">Smart cut was not possible ({fallbackReason}), so every frame was re-encoded.</p>}
        {warnings.map((w) => (
          <p key={w} className="job-note">
            {w}
          </p>
        ))}
      </div>
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

/** What a finished job says about how it ran: the mode, why smart fell back, warnings. */
function outcomeNotes(job: Job): { mode: string | null; fallbackReason: string | null; warnings: string[] } {
  const result = (job.result ?? {}) as { mode?: unknown; ranAs?: unknown; fallbackReason?: unknown; warnings?: unknown };
  const mode = typeof result.mode === 'string' ? result.mode : typeof result.ranAs === 'string' ? result.ranAs : null;
  const warnings = Array.isArray(result.warnings) ? result.warnings.filter((w): w is string => typeof w === 'string') : [];
  return { mode, fallbackReason: typeof result.fallbackReason === 'string' ? result.fallbackReason : null, warnings };
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
