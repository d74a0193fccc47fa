// Thumbnails along the zoomed timeline: the core makes them with ffmpeg in a background job and caches
// them; the strip asks only for the visible window (as many as fit, spaced by the zoom), shows what is
// ready and asks again when a batch is done. Hidden at zoom 1, where a frame every few minutes says little.
import { useEffect, useState } from 'react';
import { getBridge } from '../bridge/getBridge';
import { useTimelineView, visibleSeconds } from '../timeline/viewStore';

const THUMB_WIDTH = 78;
const ASK_DELAY_MS = 150;

interface Thumb {
  timeSec: number;
  url: string;
}

export function ThumbnailStrip({ projectId, durationSec, widthPx }: { projectId: number; durationSec: number; widthPx: number }) {
  const zoom = useTimelineView((v) => v.zoom);
  const scrollSec = useTimelineView((v) => v.scrollSec);
  const visibleSec = useTimelineView((v) => visibleSeconds(v, durationSec));
  const [thumbs, setThumbs] = useState<Thumb[]>([]);
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    const off = getBridge().on('thumbnails', (e) => {
      if (e.projectId === projectId) setAsked((n) => n + 1);
    });
    return off;
  }, [projectId]);

  useEffect(() => {
    if (zoom <= 1 || widthPx <= 0) return;
    let live = true;
    const timer = setTimeout(() => {
      const count = Math.max(1, Math.min(200, Math.floor(widthPx / THUMB_WIDTH)));
      getBridge()
        .getThumbnails({ projectId, startSec: scrollSec, endSec: Math.min(durationSec, scrollSec + visibleSec), count })
        .then(
          (answer) => live && setThumbs(answer.thumbnails),
          () => undefined,
        );
    }, ASK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [projectId, durationSec, zoom, scrollSec, visibleSec, widthPx, asked]);

  if (zoom <= 1) return null;
  return (
    <div className="thumbnail-strip" aria-label="Thumbnails" role="group">
      {thumbs
        .filter((t) => t.timeSec >= scrollSec - visibleSec * 0.1 && t.timeSec <= scrollSec + visibleSec)
        .map((t) => (
          <img
            key={t.timeSec}
            src={t.url}
            alt=""
            className="thumbnail"
            style={{ left: `${((t.timeSec - scrollSec) / visibleSec) * 100}%` }}
            width={THUMB_WIDTH}
          />
        ))}
    </div>
  );
}
