// A VOD's chapters (the game or category it was streamed under, from Twitch): a list that seeks to each
// one, with the chapter the playhead is in marked. Their boundaries are also lines on the timeline.
import type { VodChapter } from '../../../preload/contract';
import { formatClock } from '../format';
import { seek, usePlayback } from '../player/playback';

export function VodChapters({ chapters }: { chapters: VodChapter[] }) {
  const now = usePlayback((s) => s.currentTime);
  const current = chapters.findLastIndex((c) => c.start <= now);
  return (
    <section className="panel vod-chapters" aria-labelledby="chapters-title">
      <h2 id="chapters-title" className="section-title">
        Chapters
      </h2>
      <ol className="chapter-list">
        {chapters.map((chapter, i) => (
          <li key={`${chapter.start}-${i}`} className={i === current ? 'chapter chapter-current' : 'chapter'}>
            <button
              type="button"
              className="btn btn-ghost btn-small chapter-button"
              aria-label={`Go to chapter ${i + 1}: ${chapter.title || 'untitled'}`}
              aria-current={i === current ? 'true' : undefined}
              onClick={() => seek(chapter.start)}
            >
              <span className="chapter-title">{chapter.title || 'Untitled'}</span>
              <span className="chapter-time muted small">
                {formatClock(chapter.start)}–{formatClock(chapter.end)}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
