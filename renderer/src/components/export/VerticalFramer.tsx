// Where a vertical export takes its picture from: the video's frame at the playhead with the box(es)
// over it — drag a box to move it, its corner to resize it, or focus it and use the arrow keys (Shift:
// faster) and + / -. The exact pixels are also fields, for typing. Boxes are in source pixels.
import { useEffect, useRef, type PointerEvent as ReactPointerEvent } from 'react';
import type { PixelBox, Vertical } from '../../../../preload/contract';
import { getBridge } from '../../bridge/getBridge';
import { boxForKey, clampBox, moveBox, resizeBox, type Frame } from '../../export/verticalBoxes';

interface Props {
  mediaId: number;
  frame: Frame;
  timeSec: number;
  value: Vertical;
  onChange(value: Vertical): void;
  disabled?: boolean;
}

type BoxKey = 'box' | 'top' | 'bottom';

const NAMES: Record<BoxKey, string> = { box: 'Crop box', top: 'Facecam box', bottom: 'Gameplay box' };

function boxesOf(value: Vertical): Array<[BoxKey, PixelBox]> {
  if (value.kind === 'crop') return [['box', value.box]];
  if (value.kind === 'split') return [['top', value.top], ['bottom', value.bottom]];
  return [];
}

function withBox(value: Vertical, key: BoxKey, box: PixelBox): Vertical {
  if (value.kind === 'crop' && key === 'box') return { kind: 'crop', box };
  if (value.kind === 'split' && key === 'top') return { ...value, top: box };
  if (value.kind === 'split' && key === 'bottom') return { ...value, bottom: box };
  return value;
}

export function VerticalFramer({ mediaId, frame, timeSec, value, onChange, disabled }: Props) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  // The latest value for a drag in progress (its listeners outlive the render that started it).
  const valueRef = useRef(value);
  useEffect(() => {
    valueRef.current = value;
  }, [value]);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    const seek = () => {
      video.currentTime = Math.min(timeSec, Math.max(0, (video.duration || timeSec) - 0.05));
    };
    if (video.readyState >= 1) seek();
    else video.addEventListener('loadedmetadata', seek, { once: true });
    return () => video.removeEventListener('loadedmetadata', seek);
  }, [timeSec]);

  /** Pointer drags: the body moves the box, the corner grip resizes it. */
  function startDrag(event: ReactPointerEvent<HTMLElement>, key: BoxKey, resize: boolean) {
    if (disabled) return;
    const stage = stageRef.current;
    if (!stage) return;
    event.preventDefault();
    event.stopPropagation();
    const scale = frame.width / stage.clientWidth;
    const start = { x: event.clientX, y: event.clientY };
    const from = boxesOf(valueRef.current).find(([k]) => k === key)?.[1];
    if (!from) return;
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    const onMove = (e: PointerEvent) => {
      const dx = (e.clientX - start.x) * scale;
      const dy = (e.clientY - start.y) * scale;
      const next = resize
        ? resizeBox(from, dx, frame, key === 'box' ? { keepNineSixteen: true } : { keepNineSixteen: false, dh: dy })
        : moveBox(from, dx, dy, frame);
      onChange(withBox(valueRef.current, key, next));
    };
    const onUp = () => {
      target.removeEventListener('pointermove', onMove);
      target.removeEventListener('pointerup', onUp);
      target.removeEventListener('pointercancel', onUp);
    };
    target.addEventListener('pointermove', onMove);
    target.addEventListener('pointerup', onUp);
    target.addEventListener('pointercancel', onUp);
  }

  const pct = (n: number, of: number) => `${(n / of) * 100}%`;

  return (
    <div className="vertical-framer">
      <div ref={stageRef} className="vertical-stage" style={{ aspectRatio: `${frame.width} / ${frame.height}` }}>
        <video ref={videoRef} src={getBridge().mediaUrl(mediaId)} muted preload="auto" aria-hidden="true" tabIndex={-1} />
        {value.kind === 'blur' && <p className="vertical-blur-note">The whole frame, centred over a blurred copy of itself.</p>}
        {boxesOf(value).map(([key, box]) => (
          <div
            key={key}
            className={`vertical-box vertical-box-${key}`}
            role="group"
            tabIndex={disabled ? -1 : 0}
            aria-label={NAMES[key]}
            aria-description="Arrow keys move it, Shift+arrows faster, + and - resize it"
            style={{ left: pct(box.x, frame.width), top: pct(box.y, frame.height), width: pct(box.width, frame.width), height: pct(box.height, frame.height) }}
            onPointerDown={(e) => startDrag(e, key, false)}
            onKeyDown={(e) => {
              if (disabled) return;
              const next = boxForKey(e.key, e.shiftKey, box, frame, key === 'box');
              if (!next) return;
              e.preventDefault();
              e.stopPropagation();
              onChange(withBox(value, key, next));
            }}
          >
            <span className="vertical-box-name" aria-hidden="true">
              {NAMES[key].replace(' box', '')}
            </span>
            <span className="vertical-box-grip" aria-hidden="true" onPointerDown={(e) => startDrag(e, key, true)} />
          </div>
        ))}
      </div>
      {boxesOf(value).map(([key, box]) => (
        <fieldset key={key} className="vertical-fields" disabled={disabled}>
          <legend>{NAMES[key]} in pixels</legend>
          {(['x', 'y', 'width', 'height'] as const).map((field) => (
            <label key={field}>
              <span>{field === 'x' ? 'X' : field === 'y' ? 'Y' : field === 'width' ? 'W' : 'H'}</span>
              <input
                type="number"
                className="input input-small"
                aria-label={`${NAMES[key]} ${field}`}
                min={field === 'width' || field === 'height' ? 16 : 0}
                max={field === 'x' || field === 'width' ? frame.width : frame.height}
                step={2}
                value={box[field]}
                onChange={(e) => {
                  const n = Number(e.target.value);
                  if (!Number.isFinite(n)) return;
                  let next = { ...box, [field]: n };
                  // A crop box stays 9:16: the other side follows.
                  if (key === 'box' && field === 'width') next = { ...next, height: Math.round((n * 16) / 9) };
                  if (key === 'box' && field === 'height') next = { ...next, width: Math.round((n * 9) / 16) };
                  onChange(withBox(value, key, clampBox(next, frame)));
                }}
              />
            </label>
          ))}
        </fieldset>
      ))}
    </div>
  );
}
