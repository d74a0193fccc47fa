import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { actions } from './store';
import './styles.css';

// Edits are saved a moment after they happen; leaving the page must not lose the last one.
const flush = () => void actions().flushSaves();
window.addEventListener('pagehide', flush);
window.addEventListener('beforeunload', flush);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') flush();
});

// The desktop app loads the page with ?open=<path> for a video given on the command line, a second
// launch or File › Open; the path comes from the main process, never from the page itself.
const startParams = new URLSearchParams(window.location.search);
const openOnStart = startParams.get('open');
if (openOnStart) void actions().openLocal(openOnStart);
// ?vod=<link or id> fills in the Twitch VOD form and looks the VOD up (the preview asks before opening).
const vodOnStart = startParams.get('vod');
if (!openOnStart && vodOnStart) void actions().lookUpVod(vodOnStart);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
