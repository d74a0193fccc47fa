// Every range in reel order (the order the reel plays; drag a row's grip or use the arrows to change
// it): number, start, end, length, score, its label. A row click seeks to the range's start and selects
// it; the selected range and the one under the playhead are marked. A proposal shows what
// kind of moment the chat says it was (tags) and, on "Why highlight N", the chat activity behind it.
import { memo, useEffect, useMemo, useRef, useState, type DragEvent, type HTMLAttributes, type RefObject, type UIEvent } from 'react';
import type { Highlight } from '../../../preload/contract';
import { describeEvidence, tagLabel } from '../detection/evidence';
import { afterPointerRelease } from './afterPointerRelease';
import { formatScore, formatTime } from '../format';
import { indexAt } from '../ranges/limits';
import { inReelOrder } from '../ranges/reelOrder';
import { playHighlight } from '../keyboard/commandActions';
import { deleteRange } from '../ranges/edit';
import { seek, usePlayback } from '../player/playback';
import { actions, appStore, useApp } from '../store';

/** What a row asks of the list; one object for the list's lifetime, so rows can skip re-rendering. */
interface RowActions {
  go(id: string, start: number): void;
  startDrag(id: string): void;
  endDrag(): void;
  over(index: number): void;
  drop(index: number): void;
  why(id: string, open: boolean): void;
}

export function HighlightList() {
  const highlights = useApp((s) => s.highlights);
  const order = useApp((s) => s.order);
  const selectedId = useApp((s) => s.selectedId);
  const activeId = usePlayback((s) => highlights[indexAt(highlights, s.currentTime)]?.id ?? null);
  const waitingForVodChat = useApp((s) => s.project?.twitch != null && s.project.chat === null);
  const playable = useApp((s) => !s.project?.twitch || s.project.twitch.video === 'complete');
  // One explanation open at a time, by range id (numbers shift when ranges are added or removed).
  const [whyId, setWhyId] = useState<string | null>(null);
  const [tagFilter, setTagFilter] = useState('');
  const [dropIndex, setDropIndex] = useState<number | null>(null);
  const dragId = useRef<string | null>(null);
  const reel = useMemo(() => inReelOrder(highlights, order), [highlights, order]);
  const tags = useMemo(() => [...new Set(highlights.flatMap((h) => h.tags))].sort(), [highlights]);

  const rowActions = useMemo<RowActions>(
    () => ({
      go(id, start) {
        actions().select(id);
        seek(start);
      },
      startDrag(id) {
        dragId.current = id;
      },
      endDrag() {
        dragId.current = null;
        setDropIndex(null);
      },
      over(index) {
        if (dragId.current) setDropIndex(index);
      },
      drop(index) {
        if (dragId.current) actions().reorder(dragId.current, index);
        dragId.current = null;
        setDropIndex(null);
      },
      why(id, open) {
        setWhyId(open ? id : null);
      },
    }),
    [],
  );

  const total = highlights.reduce((sum, h) => sum + (h.end - h.start), 0);
  const filter = tags.includes(tagFilter) ? tagFilter : '';
  const shown = filter ? reel.filter((h) => h.tags.includes(filter)) : reel;
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useVirtualRows(scrollRef, shown.length, shown.findIndex((h) => h.id === selectedId));

  return (
    <section className="highlights" aria-labelledby="highlights-title">
      <div className="panel-head">
        <h2 id="highlights-title" className="section-title">
          Highlights <span className="count">{highlights.length}</span>
        </h2>
        <span className="reel-total" aria-label={`Reel length ${formatTime(total)}`}>
          reel {formatTime(total)}
        </span>
      </div>
      {tags.length > 0 && (
        <label className="tag-filter small">
          <span>Show</span>
          <select aria-label="Filter by tag" value={filter} onChange={(e) => setTagFilter(e.target.value)}>
            <option value="">all highlights</option>
            {tags.map((tag) => (
              <option key={tag} value={tag}>
                {tagLabel(tag)} only
              </option>
            ))}
          </select>
          {filter && <span className="muted">{shown.length} of {reel.length}</span>}
        </label>
      )}
      {highlights.length === 0 ? (
        <p className="empty muted">
          {waitingForVodChat
            ? 'No highlights yet. Proposals appear when the VOD’s chat is in; you can add one at the playhead meanwhile.'
            : 'No highlights yet. Attach chat and run detection, or add one at the playhead.'}
        </p>
      ) : (
        <div className="table-scroll" ref={scrollRef} onScroll={rows.onScroll}>
          <table className="highlight-table" aria-label="Highlights in reel order">
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
              {rows.topPx > 0 && <tr className="spacer" aria-hidden="true" style={{ height: rows.topPx }} />}
              {shown.slice(rows.from, rows.to).map((h) => {
                const index = reel.indexOf(h);
                return (
                  <HighlightRow
                    key={h.id}
                    highlight={h}
                    index={index}
                    last={index === reel.length - 1}
                    selected={h.id === selectedId}
                    active={h.id === activeId}
                    dropTarget={dropIndex === index}
                    playable={playable}
                    whyOpen={whyId === h.id}
                    rowActions={rowActions}
                  />
                );
              })}
              {rows.bottomPx > 0 && <tr className="spacer" aria-hidden="true" style={{ height: rows.bottomPx }} />}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface RowProps {
  highlight: Highlight;
  /** Place in the reel order, from 0 ("highlight N" is index + 1). */
  index: number;
  last: boolean;
  selected: boolean;
  active: boolean;
  dropTarget: boolean;
  playable: boolean;
  whyOpen: boolean;
  rowActions: RowActions;
}

/** One range's two rows; re-rendered only when its own props change (a drag edits one range of 200). */
const HighlightRow = memo(function HighlightRow({ highlight: h, index, last, selected, active, dropTarget, playable, whyOpen, rowActions }: RowProps) {
  const rowRef = useRef<HTMLTableRowElement>(null);
  const n = index + 1;
  useEffect(() => {
    if (!selected) return;
    return afterPointerRelease(() => rowRef.current?.scrollIntoView({ block: 'nearest' }));
  }, [selected]);
  const classes = ['hl-row', h.origin, selected ? 'selected' : '', active ? 'active' : '', dropTarget ? 'drop-target' : '']
    .filter(Boolean)
    .join(' ');
  const dropProps = {
    onDragOver: (e: DragEvent) => {
      e.preventDefault();
      rowActions.over(index);
    },
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      rowActions.drop(index);
    },
  };
  return (
    <>
      <tr ref={rowRef} className={classes} onClick={() => rowActions.go(h.id, h.start)} {...dropProps}>
        <td className="hl-num">
          <span
            className="drag-grip"
            draggable
            title="Drag to reorder"
            aria-hidden="true"
            onDragStart={(e) => {
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', h.id);
              rowActions.startDrag(h.id);
            }}
            onDragEnd={() => rowActions.endDrag()}
          >
            ⋮⋮
          </span>
          <button
            type="button"
            className="row-go"
            aria-label={`Go to highlight ${n}`}
            aria-current={selected ? 'true' : undefined}
            onClick={(e) => {
              e.stopPropagation();
              rowActions.go(h.id, h.start);
            }}
          >
            {n}
          </button>
        </td>
        <td className="num">{formatTime(h.start)}</td>
        <td className="num">{formatTime(h.end)}</td>
        <td className="num">{formatTime(h.end - h.start)}</td>
        <td className="num" title={h.origin === 'auto' ? (h.edited ? 'proposed, edited' : 'proposed') : 'added by you'}>
          {formatScore(h.score, h.origin)}
          {h.origin === 'auto' && h.edited && <span className="edited-mark" aria-label="edited">*</span>}
        </td>
        <td className="row-actions" onClick={(e) => e.stopPropagation()}>
          <RowButton label={`Play highlight ${n}`} title={`Play highlight ${n}`} icon="▶" disabled={!playable} onClick={() => playHighlight(h.id)} />
          <RowButton label={`Move highlight ${n} up`} title="Earlier in the reel" icon="↑" disabled={index === 0} onClick={() => actions().reorder(h.id, index - 1)} />
          <RowButton label={`Move highlight ${n} down`} title="Later in the reel" icon="↓" disabled={last} onClick={() => actions().reorder(h.id, index + 1)} />
          <RowButton
            label={`Delete highlight ${n}`}
            icon="✕"
            danger
            onClick={() => {
              const list = appStore().getState().highlights;
              actions().commit(deleteRange(list, h.id), selected ? null : undefined, { verb: 'delete', id: h.id });
            }}
          />
        </td>
      </tr>
      <ProposalFacts highlight={h} n={n} open={whyOpen} onToggle={(open) => rowActions.why(h.id, open)} selected={selected} dropProps={dropProps} />
    </>
  );
});

/** A row's small icon button; its accessible name is `label`. */
function RowButton(props: { label: string; title?: string; icon: string; disabled?: boolean; danger?: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      className={props.danger ? 'btn btn-ghost btn-small btn-danger' : 'btn btn-ghost btn-small'}
      aria-label={props.label}
      title={props.title}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      <span aria-hidden="true">{props.icon}</span>
    </button>
  );
}

/** The label's text field: it shows what is typed while focused, so a save's answer never moves the caret. */
function LabelField({ highlight, n }: { highlight: Highlight; n: number }) {
  const [draft, setDraft] = useState<string | null>(null);
  const placeholder = highlight.tags.length > 0 ? highlight.tags.map(tagLabel).join(', ') : 'Label';
  return (
    <input
      type="text"
      className="label-field"
      aria-label={`Label for highlight ${n}`}
      placeholder={placeholder}
      maxLength={200}
      value={draft ?? highlight.label}
      onChange={(e) => {
        setDraft(e.target.value);
        actions().setLabel(highlight.id, e.target.value);
      }}
      onFocus={() => setDraft(highlight.label)}
      onBlur={() => setDraft(null)}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === 'Escape') (e.target as HTMLInputElement).blur();
      }}
    />
  );
}

interface ProposalFactsProps {
  highlight: Highlight;
  /** The range's number in the list, as in "Go to highlight N". */
  n: number;
  open: boolean;
  onToggle(open: boolean): void;
  selected: boolean;
  dropProps: Pick<HTMLAttributes<HTMLTableRowElement>, 'onDragOver' | 'onDrop'>;
}

/** The label, and a proposal's tags and its "Why" disclosure, in a row of their own under the range's row. */
function ProposalFacts({ highlight, n, open, onToggle, selected, dropProps }: ProposalFactsProps) {
  const button = useRef<HTMLButtonElement>(null);
  const regionId = `why-${highlight.id}`;
  const { tags, evidence } = highlight;
  return (
    <tr className={selected ? 'hl-meta selected' : 'hl-meta'} {...dropProps}>
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
          <LabelField highlight={highlight} n={n} />
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

/** Lists longer than this render only the rows in view (and a few around): 200 ranges' rows made every frame slow. */
const VIRTUAL_FROM = 40;
const OVERSCAN = 6;
const DEFAULT_BLOCK_PX = 62;

/**
 * Which of `count` range blocks (two table rows each) to render for the scroll container: all of them
 * for a short list; for a long one the blocks in view, with spacers standing in for the rest. The block
 * height is measured from the rendered rows. The selected block is scrolled into view (once no pointer is
 * held: see afterPointerRelease.ts).
 */
function useVirtualRows(scrollRef: RefObject<HTMLDivElement | null>, count: number, selectedIndex: number) {
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportPx, setViewportPx] = useState(600);
  const [blockPx, setBlockPx] = useState(DEFAULT_BLOCK_PX);
  const virtual = count > VIRTUAL_FROM;

  useEffect(() => {
    const el = scrollRef.current;
    if (!el || !virtual) return;
    const resize = new ResizeObserver(() => setViewportPx(el.clientHeight));
    resize.observe(el);
    const first = el.querySelector<HTMLTableRowElement>('tr.hl-row');
    const meta = first?.nextElementSibling as HTMLElement | null;
    const measured = (first?.offsetHeight ?? 0) + (meta?.offsetHeight ?? 0);
    if (measured > 20 && Math.abs(measured - blockPx) > 2) setBlockPx(measured);
    return () => resize.disconnect();
  }, [scrollRef, virtual, blockPx, count]);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el || !virtual || selectedIndex < 0) return;
    return afterPointerRelease(() => {
      const top = selectedIndex * blockPx;
      if (top < el.scrollTop || top + blockPx > el.scrollTop + el.clientHeight) {
        el.scrollTop = Math.max(0, top - el.clientHeight / 3);
      }
    });
  }, [scrollRef, virtual, selectedIndex, blockPx]);

  if (!virtual) return { from: 0, to: count, topPx: 0, bottomPx: 0, onScroll: undefined };
  const from = Math.max(0, Math.floor(scrollTop / blockPx) - OVERSCAN);
  const to = Math.min(count, Math.ceil((scrollTop + viewportPx) / blockPx) + OVERSCAN);
  return {
    from,
    to,
    topPx: from * blockPx,
    bottomPx: (count - to) * blockPx,
    onScroll: (e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop),
  };
}
