// The video with its own small transport bar. The element is handed up (onVideo) so the timeline can
// bind wavesurfer to it: one media element, one clock. A VOD whose video is still downloading gets an
// element without a source (so the timeline and editing work the same) and a placeholder in its frame.
import { useEffect, useRef, type ReactNode } from 'react';
import { getBridge } from '../bridge/getBridge';
import { formatTime } from '../format';
import { attachVideo, currentTime, seek, skip, togglePlay, usePlayback } from '../player/playback';
import { actions } from '../store';

interface PlayerProps {
  mediaId: number;
  durationSec: number;
  title: string;
  /** False while the video is not all here: the placeholder shows instead. */
  playable?: boolean;
  placeholder?: ReactNode;
  /** Shown at the end of the transport bar (the editing toolbar). */
  tools?: ReactNode;
  onVideo(video: HTMLVideoElement | null): void;
}

export function Player({ mediaId, durationSec, title, playable = true, placeholder, tools, onVideo }: PlayerProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  // When the element is replaced (the download finished), the new one starts where the old one was.
  const carriedTime = useRef<{ mediaId: number; time: number } | null>(null);
  const playing = usePlayback((s) => s.playing);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    const detach = attachVideo(video, durationSec);
    onVideo(video);
    const carried = carriedTime.current;
    const start = actions().takeStartAt() ?? (carried?.mediaId === mediaId ? carried.time : null);
    if (start !== null && start > 0) seek(start);
    return () => {
      carriedTime.current = { mediaId, time: currentTime() };
      onVideo(null);
      detach();
    };
  }, [mediaId, playable, durationSec, onVideo]);

  return (
    <section className="player" aria-label="Video player">
      <div className="video-frame">
        <video
          ref={videoRef}
          key={`${mediaId}:${playable ? 'playable' : 'pending'}`}
          className="video"
          src={playable ? getBridge().mediaUrl(mediaId) : undefined}
          preload="metadata"
          playsInline
          hidden={!playable}
          aria-label={`Video: ${title}`}
          onClick={togglePlay}
        />
        {!playable && placeholder}
      </div>
      <div className="transport">
        <button type="button" className="btn btn-icon" aria-label="Back 5 seconds" onClick={() => skip(-5)}>
          <span aria-hidden="true">⟲5</span>
        </button>
        <button
          type="button"
          className="btn btn-primary btn-play"
          aria-label={playing ? 'Pause' : 'Play'}
          disabled={!playable}
          onClick={togglePlay}
        >
          <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
        </button>
        <button type="button" className="btn btn-icon" aria-label="Forward 5 seconds" onClick={() => skip(5)}>
          <span aria-hidden="true">5⟳</span>
        </button>
        <TimeReadout durationSec={durationSec} />
        {tools}
      </div>
    </section>
  );
}

function TimeReadout({ durationSec }: { durationSec: number }) {
  // Re-render only when the shown tenth of a second changes.
  const tenths = usePlayback((s) => Math.round(s.currentTime * 10));
  return (
    <p className="time-readout">
      {/* role=timer: not announced on every tick, unlike <output>. */}
      <span role="timer" aria-label="Current time" className="time-current">
        {formatTime(tenths / 10)}
      </span>
      <span className="time-sep" aria-hidden="true">
        /
      </span>
      <span className="time-total" aria-label={`Duration ${formatTime(durationSec)}`}>
        {formatTime(durationSec)}
      </span>
    </p>
  );
}
