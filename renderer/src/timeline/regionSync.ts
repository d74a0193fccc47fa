// Keeps wavesurfer's Regions in step with the store's ranges, and turns what the user does to a region
// (drag a boundary, drag the body, keys on a boundary handle) into the same pure rules the buttons use.
//
// Regions carry no content: the Regions plugin re-measures every label against every other on each
// update (forced layouts, O(n²) over 200 ranges), so the numbers are drawn by RangeLabels instead.
// Regions are pooled by position in time order: region i always shows range i. Updating a region in
// place (instead of removing and re-adding it) keeps keyboard focus on its handles and never interrupts
// a drag in progress — the region being dragged is left alone until the drag ends.
import type { Highlight } from '../../../preload/contract';
import type { Region } from 'wavesurfer.js/plugins/regions';
import type RegionsPlugin from 'wavesurfer.js/plugins/regions';
import { formatTime, secondsAttr } from '../format';
import { applyDrag, deleteRange, setBoundary } from '../ranges/edit';
import { keyTarget } from '../ranges/keyboard';
import { boundaryBounds, type Limits, type Side } from '../ranges/limits';
import type { EditIntent } from '../store/types';
import { dragPreview } from './dragPreview';

type Regions = InstanceType<typeof RegionsPlugin>;

export interface RegionSyncOptions {
  regions: Regions;
  limits(): Limits;
  highlights(): Highlight[];
  /** "Highlight N" of a range: its place in the reel order. */
  numbers(): ReadonlyMap<string, number>;
  commit(next: Highlight[], selectId: string | null | undefined, intent: EditIntent): void;
  select(id: string | null): void;
}

export interface RegionSync {
  render(list: Highlight[], selectedId: string | null): void;
  destroy(): void;
}

const COLORS = {
  auto: 'rgba(245, 166, 35, 0.26)',
  manual: 'rgba(80, 190, 255, 0.26)',
  selected: 'rgba(255, 255, 255, 0.30)',
};

const HANDLE_SELECTOR: Record<Side, string> = {
  start: '[part~="region-handle-left"]',
  end: '[part~="region-handle-right"]',
};

function colorFor(h: Highlight, selected: boolean): string {
  if (selected) return COLORS.selected;
  return h.origin === 'auto' ? COLORS.auto : COLORS.manual;
}

export function bindRegions(options: RegionSyncOptions): RegionSync {
  const { regions } = options;
  const pool: Region[] = [];
  const decorated = new WeakSet<HTMLElement>();
  const written = new WeakMap<HTMLElement, string>();
  let dragging: Region | null = null;
  let lastList: Highlight[] = [];
  let lastSelected: string | null = null;

  function handleOf(region: Region, side: Side): HTMLElement | null {
    return region.element?.querySelector<HTMLElement>(HANDLE_SELECTOR[side]) ?? null;
  }

  function setHandleValues(region: Region, list: Highlight[], index: number, start: number, end: number, numbers = options.numbers()): void {
    const limits = options.limits();
    const n = numbers.get(region.id) ?? index + 1;
    for (const side of ['start', 'end'] as const) {
      const handle = handleOf(region, side);
      if (!handle) continue;
      decorate(handle, region, side);
      const bounds = boundaryBounds(list, index, side, limits);
      const value = side === 'start' ? start : end;
      // 200 ranges re-render on every edit: touch the DOM only where a value changed.
      const key = `${n}|${value}|${bounds.min}|${bounds.max}`;
      if (written.get(handle) === key) continue;
      written.set(handle, key);
      handle.setAttribute('aria-label', `Highlight ${n} ${side}`);
      handle.setAttribute('aria-valuenow', secondsAttr(value));
      handle.setAttribute('aria-valuemin', secondsAttr(bounds.min));
      handle.setAttribute('aria-valuemax', secondsAttr(bounds.max));
      handle.setAttribute('aria-valuetext', formatTime(value));
      handle.title = `Highlight ${n} ${side}: ${formatTime(value)}`;
    }
  }

  /** Makes one of the plugin's resize handles an ARIA slider that the keyboard can move. */
  function decorate(handle: HTMLElement, region: Region, side: Side): void {
    if (decorated.has(handle)) return;
    decorated.add(handle);
    handle.setAttribute('role', 'slider');
    handle.setAttribute('tabindex', '0');
    handle.setAttribute('aria-orientation', 'horizontal');
    handle.classList.add('region-handle');
    // A wider grip than the plugin's 6 px, drawn inline (the page's CSS cannot reach the shadow root;
    // focus rings come from ::part() in styles.css).
    Object.assign(handle.style, {
      // Never more than 45% of the region, so the two handles of a short range never overlap.
      width: 'min(9px, 45%)',
      boxSizing: 'border-box',
      zIndex: '3',
      background: 'transparent',
      borderLeft: side === 'start' ? '2px solid rgba(255, 255, 255, 0.9)' : 'none',
      borderRight: side === 'end' ? '2px solid rgba(255, 255, 255, 0.9)' : 'none',
      outlineOffset: '1px',
    });
    handle.addEventListener('keydown', (event) => onKey(event, region, side));
    handle.addEventListener('focus', () => {
      if (!region.isRemoved) options.select(region.id);
    });
  }

  function onKey(event: KeyboardEvent, region: Region, side: Side): void {
    const list = options.highlights();
    const index = list.findIndex((h) => h.id === region.id);
    const range = list[index];
    if (!range) return;
    if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      options.commit(deleteRange(list, range.id), null, { verb: 'delete', id: range.id });
      return;
    }
    const limits = options.limits();
    const bounds = boundaryBounds(list, index, side, limits);
    const target = keyTarget(event, range[side], bounds);
    if (target === null) return;
    event.preventDefault();
    event.stopPropagation();
    // A run of presses on one handle within a second is one undo step.
    options.commit(setBoundary(list, range.id, side, target, limits), range.id, {
      verb: `nudge of the ${side}`,
      id: range.id,
      mergeKey: `nudge:${range.id}:${side}`,
    });
  }

  function render(list: Highlight[], selectedId: string | null): void {
    lastList = list;
    lastSelected = selectedId;
    const numbers = options.numbers();
    list.forEach((h, index) => {
      let region = pool[index];
      const color = colorFor(h, h.id === selectedId);
      if (!region) {
        region = regions.addRegion({
          id: h.id,
          start: h.start,
          end: h.end,
          color,
          drag: true,
          resize: true,
          minLength: options.limits().minLengthSec,
        });
        pool[index] = region;
      } else {
        if (region.id !== h.id) region.setOptions({ id: h.id });
        if (region !== dragging && (region.start !== h.start || region.end !== h.end)) {
          region.setOptions({ start: h.start, end: h.end });
        }
        if (region.color !== color) region.setOptions({ color });
      }
      if (region !== dragging) setHandleValues(region, list, index, h.start, h.end, numbers);
    });
    for (const extra of pool.splice(list.length)) {
      if (extra === dragging) dragging = null;
      extra.remove();
    }
  }

  /** While dragging, keep the region inside its neighbours and the video; live values on the handles. */
  const offUpdate = regions.on('region-update', (region, side) => {
    const index = pool.indexOf(region);
    const list = options.highlights();
    const range = list[index];
    if (index < 0 || !range || range.id !== region.id) return;
    dragging = region;
    const moved = applyDrag(list, range.id, side, region.start, region.end, options.limits());
    const target = moved[index] ?? range;
    dragPreview.setState({ id: range.id, start: target.start, end: target.end });
    // applyDrag returns the original when nothing moved; then the range's own values are the limit.
    if (region.start !== target.start || region.end !== target.end) {
      region.setOptions({ start: target.start, end: target.end });
    }
    setHandleValues(region, list, index, target.start, target.end);
  });

  const offUpdated = regions.on('region-updated', (region, side) => {
    const index = pool.indexOf(region);
    dragging = null;
    dragPreview.setState(null, true);
    const list = options.highlights();
    const range = list[index];
    if (index < 0 || !range || range.id !== region.id) {
      render(lastList, lastSelected);
      return;
    }
    const next = applyDrag(list, range.id, side, region.start, region.end, options.limits());
    // One undo step per drag: this runs once, when the drag ends.
    options.commit(next, range.id, { verb: side ? 'resize' : 'move', id: range.id });
    // When the store did not change (a drag that ended where it began), snap the region back now.
    if (next === list) render(list, range.id);
  });

  const offClicked = regions.on('region-clicked', (region) => {
    options.select(region.id);
  });

  return {
    render,
    destroy() {
      offUpdate();
      offUpdated();
      offClicked();
      pool.length = 0;
    },
  };
}
