// The open screen's second way in: paste a Twitch VOD link, look it up (nothing downloads yet), check
// the preview, pick a quality and open. The editor shows at once; chat and video download as jobs.
import { useId, useState, type FormEvent } from 'react';
import type { VodPreview } from '../../../preload/contract';
import { formatClock, formatDay } from '../format';
import { useApp } from '../store';
import { defaultQualityId, qualityLabel, vodLength } from '../vod/preview';
import { TwitchTokenForm } from './TwitchTokenForm';

export const VOD_PLACEHOLDER = 'https://www.twitch.tv/videos/123456789';
const EMPTY_REF = `Paste a VOD link like ${VOD_PLACEHOLDER} or just its number.`;

export function VodOpenForm() {
  const vod = useApp((s) => s.vod);
  const setInput = useApp((s) => s.setVodInput);
  const lookUp = useApp((s) => s.lookUpVod);
  const busy = useApp((s) => s.busy);
  const [emptyError, setEmptyError] = useState(false);
  const inputId = useId();
  const looking = vod.status === 'looking';
  const error = emptyError ? { message: EMPTY_REF, code: 'VOD_REF_INVALID' } : vod.error;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (looking) return;
    if (!vod.input.trim()) {
      setEmptyError(true);
      return;
    }
    setEmptyError(false);
    void lookUp();
  }

  return (
    <section className="open-vod" aria-labelledby="vod-title">
      <h2 id="vod-title">…or open a Twitch VOD</h2>
      <form className="open-form" onSubmit={submit} aria-busy={looking}>
        <div className="field">
          <label htmlFor={inputId}>Twitch VOD link</label>
          <div className="field-row">
            <input
              id={inputId}
              type="text"
              className="input input-path"
              value={vod.input}
              placeholder={VOD_PLACEHOLDER}
              spellCheck={false}
              autoComplete="off"
              inputMode="url"
              aria-invalid={error && !vod.preview ? true : undefined}
              aria-describedby={`${inputId}-hint`}
              onChange={(e) => {
                setEmptyError(false);
                setInput(e.target.value);
              }}
            />
            <button type="submit" className="btn" disabled={looking || busy === 'opening-vod'} aria-busy={looking}>
              Look up VOD
            </button>
          </div>
          <p className="field-hint" id={`${inputId}-hint`}>
            A link to a past broadcast (or its number). Nothing is downloaded until you open it.
          </p>
        </div>
        {looking && (
          <p className="busy-note" role="status">
            Looking up the VOD…
          </p>
        )}
      </form>
      {error && (
        <div className="vod-error">
          <p role="alert">{error.message}</p>
          {error.code === 'VOD_SUBSCRIBER_ONLY' && (
            <TwitchTokenForm hint="This VOD is for subscribers. Save the OAuth token of a Twitch account that may watch it, and the lookup runs again." />
          )}
        </div>
      )}
      {vod.preview && <PreviewCard key={`${vod.ref ?? ''}:${vod.preview.vodId}`} preview={vod.preview} />}
    </section>
  );
}

function PreviewCard({ preview }: { preview: VodPreview }) {
  const openVod = useApp((s) => s.openVod);
  const opening = useApp((s) => s.vod.status === 'opening');
  const busy = useApp((s) => s.busy !== null);
  const [quality, setQuality] = useState(() => defaultQualityId(preview) ?? '');
  const [video, setVideo] = useState(true);
  const qualityId = useId();
  const videoId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    void openVod({ quality: quality || null, video });
  }

  const login = preview.channelLogin && preview.channelLogin.toLowerCase() !== preview.channelName.toLowerCase();
  return (
    <section className="vod-preview" aria-label="VOD preview">
      {preview.thumbnail ? (
        <img className="vod-thumb" src={preview.thumbnail} alt={preview.title} width={320} height={180} />
      ) : (
        <div className="vod-thumb vod-thumb-empty" role="img" aria-label={preview.title}>
          <span aria-hidden="true">▶</span>
        </div>
      )}
      <div className="vod-facts">
        <h3 className="vod-title">{preview.title || 'Untitled broadcast'}</h3>
        <p className="vod-channel">
          {preview.channelName}
          {login ? <span className="muted"> ({preview.channelLogin})</span> : null}
        </p>
        <dl className="facts vod-meta">
          <dt>Length</dt>
          <dd>{vodLength(preview)}</dd>
          <dt>Date</dt>
          <dd>{formatDay(preview.createdAt)}</dd>
          <dt>Game</dt>
          <dd>{preview.game ?? 'No category'}</dd>
          {preview.startSec !== null && preview.startSec > 0 && (
            <>
              <dt>Starts at</dt>
              <dd>{formatClock(preview.startSec)} (from the link)</dd>
            </>
          )}
        </dl>
        {preview.live && (
          <p className="notice notice-live" role="note">
            <strong>Still live.</strong> The stream is still going: this VOD holds the first {formatClock(preview.lengthSec)}, and a
            project opened now ends there.
          </p>
        )}
      </div>
      <form className="vod-open" onSubmit={submit} aria-busy={opening}>
        <div className="field">
          <label htmlFor={qualityId}>Quality</label>
          <select
            id={qualityId}
            className="input"
            value={quality}
            disabled={opening || preview.qualities.length === 0}
            onChange={(e) => setQuality(e.target.value)}
          >
            {preview.qualities.length === 0 ? (
              <option value="">Best available</option>
            ) : (
              preview.qualities.map((q) => (
                <option key={q.id} value={q.id}>
                  {qualityLabel(q)}
                </option>
              ))
            )}
          </select>
        </div>
        <div className="check-field">
          <input id={videoId} type="checkbox" checked={video} disabled={opening} onChange={(e) => setVideo(e.target.checked)} />
          <label htmlFor={videoId}>Download video</label>
          <p className="field-hint">
            {video
              ? 'The whole video downloads in the background while you edit.'
              : 'Only the chat downloads; an export fetches just the parts of the video it needs.'}
          </p>
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={opening}>
            Open VOD
          </button>
          {opening && (
            <p className="busy-note" role="status">
              Opening the VOD…
            </p>
          )}
        </div>
      </form>
    </section>
  );
}
