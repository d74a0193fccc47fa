// Every range in time order: number, start, end, length, score. A row click seeks to the range's start
// and selects it; the selected range and the one under the playhead are marked.
import { useEffect, useRef } from 'react';
import { formatScore, formatTime } from '../format';
import { indexAt } from '../ranges/limits';
import { deleteRange } from '../ranges/edit';
import { seek, usePlayback } from '../player/playback';
import { actions, appStore, useApp } from '../store';

export function HighlightList() {
  const highlights = useApp((s) => s.highlights);
  const selectedId = useApp((s) => s.selectedId);
  const activeIndex = usePlayback((s) => indexAt(highlights, s.currentTime));
  const selectedRow = useRef<HTMLTableRowElement>(null);
  const waitingForVodChat = useApp((s) => s.project?.twitch != null && s.project.chat === null);

  useEffect(() => {
    selectedRow.current?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const total = highlights.reduce((sum, h) => sum + (h.end - h.start), 0);

  function go(id: string, start: number) {
    actions().select(id);
    seek(start);
  }

  return (
    <section className="highlights" aria-labelledby="highlights-title">
      <div className="panel-head">
        <h2 id="highlights-title" className="section-title">
          Highlights <span className="count">{highlights.length}</span>
        </h2>
        <span className="muted small">total {formatTime(total)}</span>
      </div>
      {highlights.length === 0 ? (
        <p className="empty muted">
          {waitingForVodChat
            ? 'No highlights yet. Proposals appear when the VOD’s chat is in; you can add one at the playhead meanwhile.'
            : 'No highlights yet. Attach chat and run detection, or add one at the playhead.'}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="highlight-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Start</th>
                <th scope="col">End</th>
                <th scope="col">Length</th>
                <th scope="col">Score</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {highlights.map((h, i) => {
                const selected = h.id === selectedId;
                const classes = ['hl-row', h.origin, selected ? 'selected' : '', i === activeIndex ? 'active' : '']
                  .filter(Boolean)
                  .join(' ');
                return (
                  <tr
                    key={h.id}
                    ref={selected ? selectedRow : undefined}
                    className={classes}
                    onClick={() => go(h.id, h.start)}
                  >
                    <td>
                      <button
                        type="button"
                        className="row-go"
                        aria-label={`Go to highlight ${i + 1}`}
                        aria-current={selected ? 'true' : undefined}
                        onClick={(e) => {
                          e.stopPropagation();
                          go(h.id, h.start);
                        }}
                      >
                        {i + 1}
                      </button>
                    </td>
                    <td className="num">{formatTime(h.start)}</td>
                    <td className="num">{formatTime(h.end)}</td>
                    <td className="num">{formatTime(h.end - h.start)}</td>
                    <td className="num" title={h.origin === 'auto' ? (h.edited ? 'proposed, edited' : 'proposed') : 'added by you'}>
                      {formatScore(h.score, h.origin)}
                      {h.origin === 'auto' && h.edited && <span className="edited-mark" aria-label="edited">*</span>}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="btn btn-ghost btn-small btn-danger"
                        aria-label={`Delete highlight ${i + 1}`}
                        onClick={(e) => {
                          e.stopPropagation();
                          const list = appStore().getState().highlights;
                          actions().commit(deleteRange(list, h.id), selected ? null : undefined);
                        }}
                      >
                        <span aria-hidden="true">✕</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
