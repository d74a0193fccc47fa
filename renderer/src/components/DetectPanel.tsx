// Sensitivity and re-detection. Re-detection replaces only proposals the user has not touched (the
// core decides which); edited and manual ranges stay.
import { useApp } from '../store';

export function DetectPanel() {
  const sensitivity = useApp((s) => s.sensitivity);
  const setSensitivity = useApp((s) => s.setSensitivity);
  const detect = useApp((s) => s.detect);
  const busy = useApp((s) => s.busy);
  const hasChat = useApp((s) => s.project?.chat != null);
  const fromTwitch = useApp((s) => s.project?.twitch != null);
  const detecting = busy === 'detecting';
  const percent = Math.round(sensitivity * 100);

  return (
    <section className="panel detect" aria-labelledby="detect-title">
      <h2 id="detect-title" className="section-title">
        Proposals
      </h2>
      <div className="detect-row">
        <label htmlFor="sensitivity" className="detect-label">
          Sensitivity
        </label>
        <input
          id="sensitivity"
          type="range"
          min={0}
          max={1}
          step={0.01}
          value={sensitivity}
          aria-valuetext={`${percent}%`}
          aria-describedby="sensitivity-hint"
          onChange={(e) => setSensitivity(Number(e.target.value))}
        />
        <span className="detect-value" aria-hidden="true">
          {percent}%
        </span>
        <button
          type="button"
          className="btn"
          disabled={detecting || !hasChat}
          aria-busy={detecting}
          onClick={() => void detect()}
        >
          Detect again
        </button>
      </div>
      {detecting && (
        <p className="busy-note" role="status">
          Detecting highlights…
        </p>
      )}
      <p id="sensitivity-hint" className="field-hint">
        {hasChat
          ? 'Lower finds only the strongest moments, higher proposes more. Ranges you edited or added are kept.'
          : fromTwitch
            ? 'Proposals appear when the VOD’s chat is in.'
            : 'Attach a chat file to get proposals.'}
      </p>
    </section>
  );
}
