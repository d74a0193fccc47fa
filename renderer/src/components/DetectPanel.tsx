// Sensitivity, target reel length and re-detection. A settings change re-detects by itself once the
// control is still for a moment (the store debounces); "Detect again" does it at once. Re-detection
// replaces only proposals the user has not touched (the core decides which); edited and manual ranges stay.
import { useState } from 'react';
import { DEFAULT_TARGET_SEC, formatTargetReel, parseTargetReel, reelFit } from '../detection/targetReel';
import { useApp } from '../store';

export function DetectPanel() {
  const sensitivity = useApp((s) => s.sensitivity);
  const setSensitivity = useApp((s) => s.setSensitivity);
  const detect = useApp((s) => s.detect);
  const busy = useApp((s) => s.busy);
  const hasChat = useApp((s) => s.project?.chat != null);
  const fromTwitch = useApp((s) => s.project?.twitch != null);
  const projectId = useApp((s) => s.project?.id ?? null);
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
      {/* Keyed by project: another project starts from its own stored target. */}
      <TargetReelField key={projectId} disabled={!hasChat} />
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

/**
 * "Target reel length" as minutes:seconds; empty or "No limit" ticked means no limit. What is typed
 * stays as typed; only a valid value reaches the store (which re-detects shortly after). Disabled
 * without chat: the target is stored by a detection, and there is none to run yet.
 */
function TargetReelField({ disabled }: { disabled: boolean }) {
  const target = useApp((s) => s.targetReelSec);
  const setTargetReel = useApp((s) => s.setTargetReel);
  const totalSec = useApp((s) => s.highlights.reduce((sum, h) => sum + (h.end - h.start), 0));
  const [text, setText] = useState(() => formatTargetReel(target));
  const [error, setError] = useState<string | null>(null);
  // The last limit in use, offered again when "No limit" is unticked.
  const [lastTarget, setLastTarget] = useState(target ?? DEFAULT_TARGET_SEC);

  function onText(value: string) {
    setText(value);
    const parsed = parseTargetReel(value);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setError(null);
    if (parsed.sec !== null) setLastTarget(parsed.sec);
    setTargetReel(parsed.sec);
  }

  function onNoLimit(noLimit: boolean) {
    setError(null);
    if (noLimit) {
      setText('');
      setTargetReel(null);
    } else {
      setText(formatTargetReel(lastTarget));
      setTargetReel(lastTarget);
    }
  }

  const fit = reelFit(totalSec, target);
  return (
    <div className="detect-target">
      <div className="detect-row">
        <label htmlFor="target-reel" className="detect-label">
          Target reel length
        </label>
        <input
          id="target-reel"
          className="input target-input"
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder="No limit"
          value={text}
          disabled={disabled}
          aria-invalid={error !== null}
          aria-describedby={error ? 'target-error reel-fit' : 'target-hint reel-fit'}
          onChange={(e) => onText(e.target.value)}
        />
        <span className="check-inline">
          <input
            id="target-none"
            type="checkbox"
            disabled={disabled}
            checked={target === null}
            onChange={(e) => onNoLimit(e.target.checked)}
          />
          <label htmlFor="target-none">No limit</label>
        </span>
      </div>
      {error ? (
        // Not an alert: it would interrupt on every keystroke while "2:" becomes "2:30".
        <p id="target-error" className="field-error">
          {error}
        </p>
      ) : (
        <p id="target-hint" className="field-hint">
          Minutes:seconds, e.g. 3:00. Proposals are the best moments that fit in it, next to your own ranges.
        </p>
      )}
      <p id="reel-fit" className={fit.over ? 'reel-fit reel-over' : 'reel-fit'} data-testid="reel-fit">
        {fit.text}
      </p>
    </div>
  );
}
