// The OAuth token for subscriber-only VODs: typed here, stored by the core, never shown again (the UI
// only learns whether one is stored). Used by the lookup's "subscribers only" prompt and the settings.
import { useId, useState, type FormEvent } from 'react';
import { useApp } from '../store';

export function TwitchTokenForm({ hint }: { hint: string }) {
  const [token, setToken] = useState('');
  const [saving, setSaving] = useState(false);
  const save = useApp((s) => s.setTwitchToken);
  const id = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    // "oauth:abc…" as people paste it is fine: the core takes the bare token out.
    const value = token.trim();
    if (!value || saving) return;
    setSaving(true);
    try {
      if (await save(value)) setToken('');
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="token-form" onSubmit={(e) => void submit(e)} aria-busy={saving}>
      <div className="field">
        <label htmlFor={id}>Twitch OAuth token</label>
        <div className="field-row">
          <input
            id={id}
            type="password"
            className="input input-path"
            value={token}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${id}-hint`}
            onChange={(e) => setToken(e.target.value)}
          />
          <button type="submit" className="btn" disabled={saving || !token.trim()}>
            Save token
          </button>
        </div>
        <p className="field-hint" id={`${id}-hint`}>
          {hint} It is the <code>auth-token</code> cookie of twitch.tv while signed in; Highlighter keeps it on this
          computer and sends it only to Twitch.
        </p>
      </div>
    </form>
  );
}

/** A small disclosure on the open screen: whether a token is stored, and saving or forgetting one. */
export function TwitchTokenSettings() {
  const stored = useApp((s) => s.appInfo?.twitchToken ?? false);
  const prompted = useApp((s) => s.vod.error?.code === 'VOD_SUBSCRIBER_ONLY');
  const save = useApp((s) => s.setTwitchToken);
  return (
    <details className="token-settings">
      <summary>Twitch token</summary>
      <div className="token-settings-body">
        <p role="status">{stored ? 'A token is stored.' : 'No token is stored.'} Only subscriber-only VODs need one.</p>
        {prompted ? (
          <p className="muted small">Enter it in the form above.</p>
        ) : (
          <TwitchTokenForm hint={stored ? 'Saving a new token replaces the stored one.' : 'Needed only for VODs limited to subscribers.'} />
        )}
        {stored && (
          <button type="button" className="btn btn-ghost btn-small btn-danger" onClick={() => void save(null)}>
            Forget token
          </button>
        )}
      </div>
    </details>
  );
}
