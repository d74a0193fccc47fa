// Draws a VOD's muted stretches and viewers' clips into wavesurfer's shadow DOM, so they scroll and zoom
// with the heatmap. Neither may get in the way of editing: the muted bands and the clip lines on the
// heatmap ignore the pointer, and the clickable clip markers sit in their own lane below the heatmap,
// outside the element wavesurfer and its regions listen to, so they can never catch a handle's drag.
//
// Styles are inline: the page's CSS cannot reach into the shadow root (focus rings come from
// ::part(clip-marker) in styles.css).
import type WaveSurfer from 'wavesurfer.js';
import type { TimeSpan, VodChapter, VodClip } from '../../../preload/contract';
import { clipMarkers, mutedBands } from './markers';

export interface VodMarkerOptions {
  ws: WaveSurfer;
  durationSec: number;
  /** Height of the heatmap drawing (the bands cover it, not the time labels). */
  heightPx: number;
  muted: readonly TimeSpan[];
  clips: readonly VodClip[];
  /** Drawn as a solid line where each chapter after the first begins (the Chapters list seeks). */
  chapters?: readonly VodChapter[];
  seek(timeSec: number): void;
}

const MARKER_PX = 12;
const ROW_PX = 15;
const ROWS = 3;
const CLIP_COLOR = '#b48cff';
export const CHAPTER_COLOR = 'rgba(255, 214, 102, 0.8)';

export const MUTED_BACKGROUND =
  'repeating-linear-gradient(135deg, rgba(176, 186, 206, 0.42) 0 3px, rgba(40, 46, 60, 0.35) 3px 7px)';

let tooltipSeq = 0;

/** Adds the layers; returns a function that removes them again. */
export function bindVodMarkers(options: VodMarkerOptions): () => void {
  const { ws, durationSec, muted, clips } = options;
  const wrapper = ws.getWrapper();
  const scroller = wrapper.parentElement;
  const cleanups: Array<() => void> = [];

  // Bands and clip lines over the heatmap: above the played-part tint, below regions and the cursor.
  const overlay = document.createElement('div');
  overlay.setAttribute('part', 'vod-overlay');
  Object.assign(overlay.style, {
    position: 'absolute',
    top: '0',
    left: '0',
    width: '100%',
    height: `${options.heightPx}px`,
    zIndex: '3',
    pointerEvents: 'none',
  });
  for (const band of mutedBands(muted, durationSec)) {
    const el = document.createElement('div');
    el.setAttribute('role', 'img');
    el.setAttribute('aria-label', band.label);
    el.setAttribute('part', 'muted-band');
    Object.assign(el.style, {
      position: 'absolute',
      top: '0',
      bottom: '0',
      left: `${band.left * 100}%`,
      width: `max(2px, ${band.width * 100}%)`,
      background: MUTED_BACKGROUND,
      borderLeft: '1px solid rgba(176, 186, 206, 0.7)',
      borderRight: '1px solid rgba(176, 186, 206, 0.7)',
      boxSizing: 'border-box',
    });
    overlay.appendChild(el);
  }
  for (const chapter of options.chapters ?? []) {
    if (chapter.start <= 0 || chapter.start >= durationSec) continue;
    const el = document.createElement('div');
    el.setAttribute('part', 'chapter-line');
    el.title = `Chapter: ${chapter.title}`;
    Object.assign(el.style, {
      position: 'absolute',
      top: '0',
      bottom: '0',
      left: `${(chapter.start / durationSec) * 100}%`,
      width: '0',
      borderLeft: `2px solid ${CHAPTER_COLOR}`,
    });
    overlay.appendChild(el);
  }
  wrapper.appendChild(overlay);
  cleanups.push(() => overlay.remove());

  if (clips.length > 0 && scroller) {
    const lane = document.createElement('div');
    lane.setAttribute('part', 'clip-lane');
    const tooltip = document.createElement('div');
    tooltipSeq += 1;
    tooltip.id = `clip-tooltip-${tooltipSeq}`;
    tooltip.setAttribute('role', 'tooltip');
    // Fixed, so the scroll container's overflow cannot clip it.
    Object.assign(tooltip.style, {
      position: 'fixed',
      zIndex: '20',
      display: 'none',
      maxWidth: '320px',
      padding: '6px 9px',
      borderRadius: '6px',
      background: '#232a36',
      border: '1px solid #3a4356',
      color: '#e6e9ef',
      font: '12px/1.4 system-ui, sans-serif',
      boxShadow: '0 6px 18px rgba(0, 0, 0, 0.45)',
      pointerEvents: 'none',
      whiteSpace: 'normal',
    });
    lane.appendChild(tooltip);
    const lines = document.createElement('div');
    Object.assign(lines.style, { position: 'absolute', inset: '0' });
    overlay.appendChild(lines);

    let shownFor: HTMLElement | null = null;
    const show = (button: HTMLElement, title: string, details: string) => {
      tooltip.replaceChildren();
      const strong = document.createElement('strong');
      strong.textContent = title;
      const line = document.createElement('div');
      line.textContent = details;
      line.style.color = '#9aa3b5';
      tooltip.append(strong, line);
      tooltip.style.display = 'block';
      const box = button.getBoundingClientRect();
      const width = tooltip.offsetWidth;
      tooltip.style.left = `${Math.max(4, Math.min(window.innerWidth - width - 4, box.left + box.width / 2 - width / 2))}px`;
      tooltip.style.top = `${box.bottom + 6}px`;
      shownFor?.removeAttribute('aria-describedby');
      button.setAttribute('aria-describedby', tooltip.id);
      shownFor = button;
    };
    const hide = () => {
      tooltip.style.display = 'none';
      shownFor?.removeAttribute('aria-describedby');
      shownFor = null;
    };

    const isFocused = (el: HTMLElement) => (el.getRootNode() as Document | ShadowRoot).activeElement === el;
    const widthPx = () => wrapper.getBoundingClientRect().width || 1;
    const place = () => clipMarkers(clips, durationSec, (MARKER_PX + 2) * (durationSec / widthPx()), ROWS);

    // Built once (time order is stable); a redraw only moves them between rows, so focus survives a zoom.
    const buttons = place().map((marker) => {
      const line = document.createElement('div');
      Object.assign(line.style, {
        position: 'absolute',
        top: '0',
        bottom: '0',
        left: `${marker.left * 100}%`,
        width: '0',
        borderLeft: `1px dashed ${CLIP_COLOR}`,
        opacity: '0.75',
      });
      lines.appendChild(line);

      const button = document.createElement('button');
      button.type = 'button';
      button.setAttribute('aria-label', marker.label);
      button.setAttribute('part', 'clip-marker');
      Object.assign(button.style, {
        position: 'absolute',
        left: `calc(${marker.left * 100}% - ${MARKER_PX / 2}px)`,
        width: `${MARKER_PX}px`,
        height: `${MARKER_PX}px`,
        padding: '0',
        border: '1px solid rgba(255, 255, 255, 0.85)',
        borderRadius: '2px',
        background: CLIP_COLOR,
        transform: 'rotate(45deg) scale(0.8)',
        cursor: 'pointer',
      });
      const showMe = () => show(button, marker.clip.title, marker.details);
      button.addEventListener('click', (event) => {
        event.stopPropagation();
        options.seek(marker.clip.offsetSec);
      });
      button.addEventListener('mouseenter', showMe);
      button.addEventListener('focus', showMe);
      button.addEventListener('mouseleave', () => {
        if (!isFocused(button)) hide();
      });
      button.addEventListener('blur', hide);
      button.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') hide();
      });
      lane.appendChild(button);
      return button;
    });

    const layout = () => {
      const markers = place();
      const rows = Math.max(1, ...markers.map((m) => m.row + 1));
      Object.assign(lane.style, {
        position: 'relative',
        width: wrapper.style.width || '100%',
        height: `${rows * ROW_PX + 3}px`,
      });
      markers.forEach((marker, i) => {
        const button = buttons[i];
        if (button) button.style.top = `${marker.row * ROW_PX + 2}px`;
      });
      if (shownFor && !isFocused(shownFor)) hide();
    };

    layout();
    scroller.appendChild(lane);
    // A zoom or a resize changes the wrapper's width: the lane follows, and crowding is worked out again.
    cleanups.push(ws.on('redraw', layout));
    cleanups.push(() => lane.remove());
  }

  return () => cleanups.forEach((fn) => fn());
}
