// Hovering the heatmap: a tooltip with the time under the pointer, how many messages a second the chat
// ran there, and the top emotes and messages of those seconds (asked of the core, a moment after the
// pointer rests, for the five seconds around it).
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Heatmap } from '../../../preload/contract';
import { getBridge } from '../bridge/getBridge';
import { formatTime } from '../format';
import { viewStore } from '../timeline/viewStore';

const ASK_DELAY_MS = 120;
const WINDOW_SEC = 5;

interface ChatAt {
  timeSec: number;
  messages: number;
  perSec: number;
  topEmotes: Array<{ name: string; count: number }>;
  sampleMessages: string[];
}

interface Props {
  projectId: number;
  durationSec: number;
  heatmap: Heatmap | null;
  /** The element whose hover shows the tooltip (the heatmap's canvas area). */
  target: RefObject<HTMLElement | null>;
}

export function HeatmapTooltip({ projectId, durationSec, heatmap, target }: Props) {
  const [hover, setHover] = useState<{ timeSec: number; x: number; width: number } | null>(null);
  const [chat, setChat] = useState<ChatAt | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    const el = target.current;
    if (!el || !(durationSec > 0)) return;
    const onMove = (event: PointerEvent) => {
      const rect = el.getBoundingClientRect();
      const view = viewStore.getState();
      const visible = view.visibleSec > 0 ? view.visibleSec : durationSec;
      const x = Math.min(Math.max(0, event.clientX - rect.left), rect.width);
      setHover({ timeSec: Math.min(durationSec, view.scrollSec + (x / Math.max(1, rect.width)) * visible), x, width: rect.width });
    };
    const onLeave = () => setHover(null);
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerleave', onLeave);
    return () => {
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerleave', onLeave);
    };
  }, [target, durationSec]);

  const second = hover ? Math.floor(hover.timeSec) : null;
  useEffect(() => {
    if (second === null || heatmap?.source !== 'chat') return;
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      const startSec = Math.max(0, second - WINDOW_SEC / 2);
      getBridge()
        .chatAt({ projectId, startSec, endSec: startSec + WINDOW_SEC })
        .then(
          (answer) => mine === seq.current && setChat({ timeSec: second, ...answer }),
          () => undefined,
        );
    }, ASK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [second, projectId, heatmap?.source]);

  if (!hover || !heatmap) return null;
  const bin = heatmap.values[Math.floor(hover.timeSec / heatmap.binSec)] ?? 0;
  const current = chat && second !== null && Math.abs(chat.timeSec - second) <= 1 ? chat : null;
  const fromAudio = heatmap.source === 'audio';
  return (
    <div className="heatmap-tooltip" role="tooltip" style={{ left: Math.max(140, Math.min(hover.width - 140, hover.x)) }}>
      <strong className="mono">{formatTime(hover.timeSec)}</strong>
      <span>{fromAudio ? `loudness ${Math.round(bin * 100) / 100}` : `${bin.toFixed(1)} messages/s`}</span>
      {current && current.topEmotes.length > 0 && (
        <span className="tooltip-emotes">{current.topEmotes.map((e) => `${e.name} ×${e.count}`).join('  ')}</span>
      )}
      {current?.sampleMessages.map((m) => (
        <span key={m} className="tooltip-message">
          “{m}”
        </span>
      ))}
    </div>
  );
}
