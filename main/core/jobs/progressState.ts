// How a job's shown progress follows what its work reports: the fraction stays within 0…1 and never
// goes back (a bar that jumps backwards looks broken), the work's own ETA wins over the linear estimate.
import type { Job } from '../../../preload/contract';
import type { Progress } from '../progress';
import { estimateEtaSec, type RunStart } from './eta';

export type JobProgress = Job['progress'];

export function nextProgress(prev: JobProgress, reported: Progress, run: RunStart, nowMs: number): JobProgress {
  const reportedFraction = Number.isFinite(reported.fraction) ? Math.min(1, Math.max(0, reported.fraction)) : 0;
  const fraction = Math.max(prev.fraction, reportedFraction);
  const ownEta = reported.etaSec;
  const etaSec =
    typeof ownEta === 'number' && Number.isFinite(ownEta) && ownEta >= 0
      ? ownEta
      : estimateEtaSec(run, nowMs, fraction);
  // A report without a detail keeps the last one, so fraction-only reports don't blank the text.
  const detail = reported.detail === undefined ? prev.detail : reported.detail;
  return { fraction, etaSec, detail };
}

export function sameProgress(a: JobProgress, b: JobProgress): boolean {
  return a.fraction === b.fraction && a.etaSec === b.etaSec && a.detail === b.detail;
}
