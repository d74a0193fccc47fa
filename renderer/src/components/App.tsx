// Top level: load the app's facts once, show the open screen or the editor, take dropped files.
import { useEffect } from 'react';
import { useApp } from '../store';
import { AlertBanner } from './AlertBanner';
import { Editor } from './Editor';
import { ErrorBoundary } from './ErrorBoundary';
import { FfmpegNotice } from './FfmpegNotice';
import { OpenScreen } from './OpenScreen';
import { useFileDrop } from './useFileDrop';

export function App() {
  const init = useApp((s) => s.init);
  const hasProject = useApp((s) => s.project !== null);
  const exportOpen = useApp((s) => s.exportOpen);
  const dragging = useFileDrop();

  useEffect(() => {
    void init();
  }, [init]);

  return (
    <div className="app">
      <FfmpegNotice />
      {/* While the modal export dialog is open, alerts show inside it. */}
      {!exportOpen && (
        <div className="alert-slot">
          <AlertBanner />
        </div>
      )}
      <ErrorBoundary>{hasProject ? <Editor /> : <OpenScreen />}</ErrorBoundary>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>Drop a video to open it{hasProject ? ', or a chat file to attach it' : ''}</p>
        </div>
      )}
    </div>
  );
}
