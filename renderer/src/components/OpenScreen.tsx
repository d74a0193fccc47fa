// First screen: open a video (and optionally its chat) by path, open a Twitch VOD by its link, or
// reopen a recent project.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ProjectSummary } from '../../../preload/contract';
import { formatLength } from '../format';
import { actions, useApp } from '../store';
import { PathField } from './PathField';
import { TwitchTokenSettings } from './TwitchTokenForm';
import { VodOpenForm } from './VodOpenForm';

export function OpenScreen() {
  const [videoPath, setVideoPath] = useState('');
  const [chatPath, setChatPath] = useState('');
  const busy = useApp((s) => s.busy);
  const openLocal = useApp((s) => s.openLocal);
  const transport = useApp((s) => (s.appInfo?.dialogs ? 'desktop' : 'browser'));
  const opening = busy === 'opening';

  function submit(event: FormEvent) {
    event.preventDefault();
    const video = videoPath.trim();
    if (!video || opening) return;
    void openLocal(video, chatPath.trim() || undefined);
  }

  return (
    <main className="open-screen">
      <section className="open-card" aria-labelledby="open-title">
        <h1 id="open-title">Open a stream recording</h1>
        <p className="muted">
          Highlighter reads the video and its chat, shows where the chat erupts and proposes highlights you can
          edit and export as one reel.
        </p>
        <form className="open-form" onSubmit={submit} aria-busy={opening}>
          <PathField
            label="Video file path"
            value={videoPath}
            onChange={setVideoPath}
            purpose="video"
            placeholder="/videos/stream.mp4"
            required
            autoFocus
            disabled={opening}
          />
          <PathField
            label="Chat file path"
            value={chatPath}
            onChange={setChatPath}
            purpose="chat"
            placeholder="/videos/stream.chat.json"
            hint="Optional. A chat log (TwitchDownloader JSON or text, chat-downloader, yt-dlp live chat, IRC; also .gz) gives the heatmap and the proposals; one next to the video with the same name is found by itself. You can also add it later."
            disabled={opening}
          />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={opening} aria-busy={opening}>
              Open
            </button>
            {opening ? (
              <p className="busy-note" role="status">
                Reading the video…
              </p>
            ) : (
              <p className="field-hint">
                {transport === 'desktop'
                  ? 'You can also drop a video file anywhere on this window.'
                  : 'Type or paste the full path of a file on this computer.'}
              </p>
            )}
          </div>
        </form>
        <VodOpenForm />
        <TwitchTokenSettings />
      </section>
      <RecentProjects />
    </main>
  );
}

function RecentProjects() {
  const projects = useApp((s) => s.projects);
  const openProject = useApp((s) => s.openProject);
  const busy = useApp((s) => s.busy);
  const [removing, setRemoving] = useState<ProjectSummary | null>(null);
  if (projects.length === 0) return null;
  return (
    <section className="recent" aria-labelledby="recent-title">
      <h2 id="recent-title">Recent projects</h2>
      <ul className="recent-list">
        {projects.map((p) => (
          <li key={p.id} className="recent-row">
            <button
              type="button"
              className="recent-item"
              disabled={busy === 'opening' || busy === 'opening-vod'}
              aria-label={p.name}
              aria-describedby={`recent-${p.id}-meta`}
              onClick={() => void openProject(p.id)}
            >
              <span className="recent-thumb" aria-hidden="true">
                {p.thumbnail ? <img src={p.thumbnail} alt="" width={160} height={90} /> : <span className="recent-thumb-empty">▶</span>}
              </span>
              <span className="recent-text">
                <span className="recent-name">
                  {p.twitchVodId !== null && <span className="badge badge-twitch">Twitch</span>}
                  {p.name}
                </span>
                <span className="recent-meta" id={`recent-${p.id}-meta`}>
                  {p.twitchVodId !== null && <span className="sr-only">Twitch VOD · </span>}
                  {formatLength(p.durationSec)} · {p.highlightCount} highlight{p.highlightCount === 1 ? '' : 's'}
                  {p.highlightCount > 0 ? ` (${formatLength(p.rangesLengthSec)})` : ''}
                </span>
                <span className="recent-meta">edited {formatDate(p.updatedAt)}</span>
                <span className="recent-path">{p.videoPath}</span>
              </span>
            </button>
            <button
              type="button"
              className="btn btn-ghost btn-small btn-danger recent-remove"
              aria-label={`Remove project ${p.name}`}
              title="Remove project"
              onClick={() => setRemoving(p)}
            >
              <span aria-hidden="true">✕</span>
            </button>
          </li>
        ))}
      </ul>
      {removing && <RemoveProjectDialog project={removing} onClose={() => setRemoving(null)} />}
    </section>
  );
}

/** Asks before removing a project, and says exactly what goes (never a video the user opened from disk). */
function RemoveProjectDialog({ project, onClose }: { project: ProjectSummary; onClose(): void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [plan, setPlan] = useState<{ files: string[]; vod: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);

  useEffect(() => {
    dialogRef.current?.showModal();
    let live = true;
    actions()
      .describeRemoval(project.id)
      .then((answer) => live && setPlan(answer))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [project.id]);

  async function remove() {
    setWorking(true);
    const message = await actions().removeProject(project.id);
    setWorking(false);
    if (message) setError(message);
    else onClose();
  }

  return (
    <dialog ref={dialogRef} className="dialog remove-dialog" aria-label={`Remove project ${project.name}`} onClose={onClose}>
      <header className="dialog-head">
        <h2>Remove “{project.name}”?</h2>
      </header>
      <p>
        This removes the project from the library: its {project.highlightCount} highlight{project.highlightCount === 1 ? '' : 's'}, labels,
        imported chat and jobs.
      </p>
      {plan?.vod ? (
        <>
          <p>It also deletes the files Highlighter downloaded for this Twitch VOD:</p>
          <ul className="remove-files">
            {plan.files.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>
          The video stays where it is: <span className="mono">{project.videoPath}</span>
        </p>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button type="button" className="btn btn-danger" disabled={!plan || working} onClick={() => void remove()}>
          Remove project
        </button>
      </div>
    </dialog>
  );
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
