// First screen: open a video (and optionally its chat) by path, open a Twitch VOD by its link, or
// reopen a recent project.
import { useState, type FormEvent } from 'react';
import { formatLength } from '../format';
import { useApp } from '../store';
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
  if (projects.length === 0) return null;
  return (
    <section className="recent" aria-labelledby="recent-title">
      <h2 id="recent-title">Recent projects</h2>
      <ul className="recent-list">
        {projects.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              className="recent-item"
              disabled={busy === 'opening' || busy === 'opening-vod'}
              aria-label={p.name}
              aria-describedby={`recent-${p.id}-meta`}
              onClick={() => void openProject(p.id)}
            >
              <span className="recent-name">
                {p.twitchVodId !== null && <span className="badge badge-twitch">Twitch</span>}
                {p.name}
              </span>
              <span className="recent-path">{p.videoPath}</span>
              <span className="recent-meta" id={`recent-${p.id}-meta`}>
                {p.twitchVodId !== null && <span className="sr-only">Twitch VOD · </span>}
                {formatLength(p.durationSec)} · {p.highlightCount} highlight{p.highlightCount === 1 ? '' : 's'} ·{' '}
                {formatDate(p.updatedAt)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
