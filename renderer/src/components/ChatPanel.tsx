// The chat behind the heatmap: its facts when imported, its sync (a shift in seconds for logs whose
// clock does not start with the video) and a way to replace it; otherwise a form to attach one.
// An import runs as a job: its progress and a Cancel button show here as well as in the jobs list.
import { useId, useState, type FormEvent } from 'react';
import type { ChatInfo } from '../../../preload/contract';
import { CHAT_IMPORT, isActive, latestJob, progressLine } from '../jobs/lookup';
import { useApp } from '../store';
import { PathField } from './PathField';

export function ChatPanel() {
  const chat = useApp((s) => s.project?.chat ?? null);
  return chat ? <ChatFacts chat={chat} /> : <AttachChat />;
}

/** "+12.5 s", "−3 s" or "none". */
export function formatShift(sec: number): string {
  if (sec === 0) return 'none';
  const magnitude = Number(Math.abs(sec).toFixed(2)).toLocaleString('en-US');
  return `${sec > 0 ? '+' : '−'}${magnitude} s`;
}

function ChatFacts({ chat }: { chat: ChatInfo }) {
  return (
    <section className="panel chat-info" aria-labelledby="chat-title">
      <h2 id="chat-title" className="section-title">
        Chat
      </h2>
      <dl className="facts">
        <dt>Format</dt>
        <dd>{chat.format}</dd>
        <dt>Messages</dt>
        <dd>{chat.messageCount.toLocaleString('en-US')}</dd>
        <dt>Skipped</dt>
        <dd>{chat.skipped.toLocaleString('en-US')}</dd>
        <dt>Shift</dt>
        <dd>{formatShift(chat.shiftSec)}</dd>
        <dt>File</dt>
        <dd className="path" title={chat.path}>
          {chat.path}
        </dd>
      </dl>
      {/* Keyed by the import: a finished one (of this or another file) is the form's new starting point. */}
      <ChatSyncForm key={chat.importedAt} chat={chat} />
      <ImportProgress />
      <details className="replace-chat">
        <summary>Replace chat…</summary>
        <ChatFileForm submitLabel="Import chat" />
      </details>
    </section>
  );
}

/** Moves the chat in time by importing its file again with a shift; the old chat stays until then. */
function ChatSyncForm({ chat }: { chat: ChatInfo }) {
  const id = useId();
  const [text, setText] = useState(String(chat.shiftSec));
  const busy = useApp((s) => s.busy);
  const importChat = useApp((s) => s.importChat);
  const importing = busy === 'importing';
  const value = Number(text.trim());
  const valid = text.trim() !== '' && Number.isFinite(value) && Math.abs(value) <= 86_400;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!valid || importing || value === chat.shiftSec) return;
    void importChat(chat.path, value);
  }

  return (
    <form className="chat-sync" onSubmit={submit} aria-busy={importing}>
      <div className="field">
        <label htmlFor={id}>Chat shift (seconds)</label>
        <div className="field-row">
          <input
            id={id}
            type="number"
            step="0.1"
            className="input input-number"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={!valid}
            aria-describedby={`${id}-hint`}
            disabled={importing}
          />
          <button type="submit" className="btn" disabled={importing || !valid || value === chat.shiftSec}>
            Apply shift
          </button>
        </div>
        <p id={`${id}-hint`} className="muted small">
          Moves every message later (negative: earlier) when the chat is out of step with the video; UTC and IRC logs
          count from their first message. The file is read again; the current chat stays until it is done.
        </p>
      </div>
    </form>
  );
}

/** The running import's progress with a Cancel button (the jobs list shows the same job). */
function ImportProgress() {
  const job = useApp((s) => (s.project ? latestJob(s.jobs, s.project.id, CHAT_IMPORT) : null));
  const cancelJob = useApp((s) => s.cancelJob);
  if (!job || !isActive(job)) return null;
  return (
    <div className="import-progress" role="status">
      <span className="busy-note">Importing chat… {progressLine(job)}</span>
      <button type="button" className="btn btn-ghost btn-small" onClick={() => void cancelJob(job.id)}>
        Cancel import
      </button>
    </div>
  );
}

function ChatFileForm({ submitLabel }: { submitLabel: string }) {
  const [chatPath, setChatPath] = useState('');
  const busy = useApp((s) => s.busy);
  const importChat = useApp((s) => s.importChat);
  const importing = busy === 'importing';

  async function submit(event: FormEvent) {
    event.preventDefault();
    const path = chatPath.trim();
    if (!path || importing) return;
    if (await importChat(path)) setChatPath('');
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-busy={importing}>
      <PathField
        label="Chat file path"
        value={chatPath}
        onChange={setChatPath}
        purpose="chat"
        placeholder="/videos/stream.chat.json"
        disabled={importing}
      />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={importing || !chatPath.trim()} aria-busy={importing}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

function AttachChat() {
  const fromTwitch = useApp((s) => s.project?.twitch != null);
  return (
    <section className="panel attach-chat" aria-labelledby="attach-title">
      <h2 id="attach-title" className="section-title">
        Attach chat
      </h2>
      <p className="muted small">
        {fromTwitch
          ? 'This VOD’s chat comes from Twitch by itself (its progress shows on the timeline). A chat file attached here is used instead.'
          : 'The chat log draws the heatmap and finds the moments people reacted to. TwitchDownloader JSON, chat-downloader JSON, YouTube live chat (yt-dlp), text logs and IRC logs are recognised, also gzip-compressed.'}
      </p>
      <ChatFileForm submitLabel="Import chat" />
      <ImportProgress />
    </section>
  );
}
