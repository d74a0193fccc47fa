// Every range in time order: number, start, end, length, score. A row click seeks to the range's start
// and selects it; the selected range and the one under the playhead are marked. A proposal shows what
// kind of moment the chat says it was (tags) and, on "Why highlight N", the chat activity behind it.
import { Fragment, useEffect, useRef, useState } from 'react';
import type { Highlight } from '../../../preload/contract';
import { describeEvidence, tagLabel } from '../detection/evidence';
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
  // One explanation open at a time, by range id (numbers shift when ranges are added or removed).
  const [whyId, setWhyId] = useState<string | null>(null);

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
                  <Fragment key={h.id}>
                    <tr
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
                    {h.origin === 'auto' && (h.tags.length > 0 || h.evidence) && (
                      <ProposalFacts
                        highlight={h}
                        n={i + 1}
                        open={whyId === h.id}
                        onToggle={(open) => setWhyId(open ? h.id : null)}
                        selected={selected}
                      />
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface ProposalFactsProps {
  highlight: Highlight;
  /** The range's number in the list, as in "Go to highlight N". */
  n: number;
  open: boolean;
  onToggle(open: boolean): void;
  selected: boolean;
}

/** A proposal's tags and its "Why" disclosure, in a row of their own under the range's row. */
function ProposalFacts({ highlight, n, open, onToggle, selected }: ProposalFactsProps) {
  const button = useRef<HTMLButtonElement>(null);
  const regionId = `why-${highlight.id}`;
  const { tags, evidence } = highlight;
  return (
    <tr className={selected ? 'hl-meta selected' : 'hl-meta'}>
      <td />
      <td
        colSpan={5}
        onKeyDown={(e) => {
          // Escape closes the explanation from its button or from inside it, and leaves the focus on the button.
          if (e.key !== 'Escape' || !open) return;
          e.stopPropagation();
          onToggle(false);
          button.current?.focus();
        }}
      >
        <div className="hl-meta-line">
          {tags.length > 0 && (
            <ul className="tag-chips" aria-label={`Tags of highlight ${n}`}>
              {tags.map((tag) => (
                <li key={tag} className={`chip chip-${tag.replace(/[^a-z0-9-]/gi, '')}`}>
                  {tagLabel(tag)}
                </li>
              ))}
            </ul>
          )}
          {evidence && (
            <button
              ref={button}
              type="button"
              className="btn btn-ghost btn-small why-button"
              aria-label={`Why highlight ${n}`}
              aria-expanded={open}
              aria-controls={open ? regionId : undefined}
              onClick={() => onToggle(!open)}
            >
              Why?
            </button>
          )}
        </div>
        {evidence && open && (
          <section id={regionId} className="why" aria-label={`Why highlight ${n}`}>
            <WhyDetails evidence={evidence} />
          </section>
        )}
      </td>
    </tr>
  );
}

/** The chat behind a proposal. Everything from chat is rendered as text (React escapes it), never as HTML. */
function WhyDetails({ evidence }: { evidence: NonNullable<Highlight['evidence']> }) {
  const view = describeEvidence(evidence);
  return (
    <>
      <dl className="facts why-facts">
        <dt>Chat peaked at</dt>
        <dd>{view.peak}</dd>
        <dt>Chat</dt>
        <dd>{view.volume}</dd>
        <dt>Rate</dt>
        <dd>{view.rate}</dd>
      </dl>
      {view.emotes.length > 0 && (
        <>
          <h3 className="why-title">Top emotes</h3>
          <ul className="why-emotes">
            {view.emotes.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </>
      )}
      {view.samples.length > 0 && (
        <>
          <h3 className="why-title">What chat said</h3>
          <ul className="why-samples">
            {view.samples.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
