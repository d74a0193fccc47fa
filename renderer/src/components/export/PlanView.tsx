// The export's plan: each range's real cut (fast mode moves cuts to keyframes) and the reel's length.
import type { ExportPlan } from '../../../../preload/contract';
import { formatDelta, formatLength, formatTime } from '../../format';

export function PlanView({ plan, error, empty }: { plan: ExportPlan | null; error: string | null; empty: boolean }) {
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
                {plan.mode !== 'fast' || exact
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

