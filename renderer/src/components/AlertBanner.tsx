// The one place errors from calls (and refused edits) are shown: a visible role="alert" banner.
import { useApp } from '../store';

export function AlertBanner() {
  const alert = useApp((s) => s.alert);
  const dismiss = useApp((s) => s.dismissAlert);
  if (!alert) return null;
  return (
    <div className="alert" key={alert.seq}>
      <span className="alert-icon" aria-hidden="true">
        !
      </span>
      <p className="alert-message" role="alert">
        {alert.message}
      </p>
      <button type="button" className="btn btn-ghost btn-small" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
