// The chat behind the heatmap: its facts when imported, otherwise a form to attach one.
import { useState, type FormEvent } from 'react';
import type { ChatInfo } from '../../../preload/contract';
import { useApp } from '../store';
import { PathField } from './PathField';

export function ChatPanel() {
  const chat = useApp((s) => s.project?.chat ?? null);
  return chat ? <ChatFacts chat={chat} /> : <AttachChat />;
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
        <dt>File</dt>
        <dd className="path" title={chat.path}>
          {chat.path}
        </dd>
      </dl>
    </section>
  );
}

function AttachChat() {
  const [chatPath, setChatPath] = useState('');
  const busy = useApp((s) => s.busy);
  const importChat = useApp((s) => s.importChat);
  const fromTwitch = useApp((s) => s.project?.twitch != null);
  const importing = busy === 'importing';

  async function submit(event: FormEvent) {
    event.preventDefault();
    const path = chatPath.trim();
    if (!path || importing) return;
    if (await importChat(path)) setChatPath('');
  }

  return (
    <section className="panel attach-chat" aria-labelledby="attach-title">
      <h2 id="attach-title" className="section-title">
        Attach chat
      </h2>
      <p className="muted small">
        {fromTwitch
          ? 'This VOD’s chat comes from Twitch by itself (its progress shows on the timeline). A chat file attached here is used instead.'
          : 'The chat log draws the heatmap and finds the moments people reacted to. TwitchDownloader JSON, chat-downloader JSON, IRC-style logs and similar exports are recognised.'}
      </p>
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
            Import chat
          </button>
          {importing && (
            <span className="busy-note" role="status">
              Importing chat…
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
