// Buttons that edit at the playhead or on the selected range, undo/redo, and the reel preview. The
// rules (fit into the free gap, split sizes, refusals) are the pure functions in ranges/; the edits are
// the same operations the keyboard runs (editing/operations.ts).
import { addRangeAtPlayhead, deleteSelectedRange, splitRangeAtPlayhead } from '../editing/operations';
import { previewReel } from '../keyboard/commandActions';
import { stopPreview, usePreview } from '../player/preview';
import { actions, useApp } from '../store';

/** Undo or Redo; its title names the step it would take back or do again. */
function HistoryButton({ kind }: { kind: 'Undo' | 'Redo' }) {
  const step = useApp((s) => {
    const steps = kind === 'Undo' ? s.history.undo : s.history.redo;
    return steps[steps.length - 1] ?? null;
  });
  return (
    <button
      type="button"
      className="btn btn-icon"
      aria-label={kind}
      title={step ? `${kind} ${step.label}` : `Nothing to ${kind.toLowerCase()}`}
      disabled={!step}
      onClick={() => (kind === 'Undo' ? actions().undo() : actions().redo())}
    >
      <span aria-hidden="true">{kind === 'Undo' ? '↶' : '↷'}</span>
    </button>
  );
}

export function EditToolbar() {
  const selectedNumber = useApp((s) => (s.selectedId ? s.order.indexOf(s.selectedId) + 1 : 0));
  const saveStatus = useApp((s) => s.saveStatus);
  const rangeCount = useApp((s) => s.highlights.length);
  const playable = useApp((s) => !s.project?.twitch || s.project.twitch.video === 'complete');
  const preview = usePreview((s) => s.active);

  return (
    <div className="toolbar" role="group" aria-label="Edit highlights">
      <HistoryButton kind="Undo" />
      <HistoryButton kind="Redo" />
      <button type="button" className="btn" onClick={addRangeAtPlayhead} aria-label="Add highlight at playhead" title="Add a highlight at the playhead (N)">
        <span aria-hidden="true">+</span> Add
      </button>
      <button type="button" className="btn" onClick={splitRangeAtPlayhead} aria-label="Split at playhead" title="Split the highlight at the playhead (S)">
        <span aria-hidden="true">✂</span> Split
      </button>
      <button
        type="button"
        className="btn btn-danger"
        disabled={selectedNumber === 0}
        aria-label={selectedNumber === 0 ? 'Delete selected highlight' : `Delete selected highlight (highlight ${selectedNumber})`}
        onClick={deleteSelectedRange}
      >
        Delete
      </button>
      {preview ? (
        <button type="button" className="btn btn-primary" onClick={stopPreview} title="Escape" aria-label="Stop preview">
          <span aria-hidden="true">■</span> Stop
        </button>
      ) : (
        <button
          type="button"
          className="btn"
          disabled={rangeCount === 0 || !playable}
          onClick={previewReel}
          aria-label="Preview reel"
          title={playable ? 'Play only the highlights, in reel order (P)' : 'The video is not downloaded yet'}
        >
          <span aria-hidden="true">▶▶</span> Preview
        </button>
      )}
      <span className="preview-status" role="status" aria-label="Preview">
        {preview ? (preview.single ? `Playing highlight ${preview.number}` : `Previewing highlight ${preview.number} of ${preview.count}`) : ''}
      </span>
      <span
        className={`save-status save-${saveStatus}`}
        role="status"
        title={saveStatus === 'saved' ? 'All changes are saved in the library' : undefined}
      >
        {saveStatus === 'pending' ? 'Saving…' : saveStatus === 'saved' ? 'Saved' : saveStatus === 'error' ? 'Not saved' : ''}
      </span>
      <button
        type="button"
        className="btn btn-ghost btn-icon toolbar-end"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        onClick={() => actions().setShortcutsOpen(true)}
      >
        <span aria-hidden="true">⌨</span>
      </button>
    </div>
  );
}
