// Buttons that edit at the playhead or on the selected range. The rules (fit into the free gap, split
// sizes, refusals) are the pure functions in ranges/; this only wires them to the store.
import { addAtPlayhead, splitAtPlayhead } from '../ranges/create';
import { deleteRange } from '../ranges/edit';
import { newHighlightId } from '../ranges/ids';
import { currentTime } from '../player/playback';
import { actions, appStore, useApp } from '../store';

export function EditToolbar() {
  const selectedIndex = useApp((s) => s.highlights.findIndex((h) => h.id === s.selectedId));
  const saveStatus = useApp((s) => s.saveStatus);

  function add() {
    const state = appStore().getState();
    actions().commitResult(addAtPlayhead(state.highlights, currentTime(), actions().limits(), newHighlightId()));
  }

  function split() {
    const state = appStore().getState();
    actions().commitResult(splitAtPlayhead(state.highlights, currentTime(), actions().limits(), newHighlightId()));
  }

  function removeSelected() {
    const state = appStore().getState();
    if (state.selectedId) actions().commit(deleteRange(state.highlights, state.selectedId), null);
  }

  return (
    <div className="toolbar" role="group" aria-label="Edit highlights">
      <button type="button" className="btn" onClick={add}>
        <span aria-hidden="true">+</span> Add highlight at playhead
      </button>
      <button type="button" className="btn" onClick={split}>
        <span aria-hidden="true">✂</span> Split at playhead
      </button>
      <button
        type="button"
        className="btn btn-danger"
        disabled={selectedIndex < 0}
        aria-label={selectedIndex < 0 ? 'Delete selected highlight' : `Delete selected highlight (highlight ${selectedIndex + 1})`}
        onClick={removeSelected}
      >
        Delete
      </button>
      <span className={`save-status save-${saveStatus}`} role="status">
        {saveStatus === 'pending' ? 'Saving…' : saveStatus === 'saved' ? 'All changes saved' : saveStatus === 'error' ? 'Not saved' : ''}
      </span>
    </div>
  );
}
