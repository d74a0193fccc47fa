// The video with its own small transport bar. The element is handed up (onVideo) so the timeline can
// bind wavesurfer to it: one media element, one clock.
import { useEffect, useRef } from 'react';
import { getBridge } from '../bridge/getBridge';
import { formatTime } from '../format';
import { attachVideo, skip, togglePlay, usePlayback } from '../player/playback';

interface PlayerProps {
  mediaId: number;
  durationSec: number;
  title: string;
  onVideo(video: HTMLVideoElement | null): void;
}

export function Player({ mediaId, durationSec, title, onVideo }: PlayerProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const playing = usePlayback((s) => s.playing);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    const detach = attachVideo(video);
    onVideo(video);
    return () => {
      onVideo(null);
      detach();
    };
  }, [mediaId, onVideo]);

  return (
    <section className="player" aria-label="Video player">
      <div className="video-frame">
        <video
          ref={videoRef}
          key={mediaId}
          className="video"
          src={getBridge().mediaUrl(mediaId)}
          preload="metadata"
          playsInline
          aria-label={`Video: ${title}`}
          onClick={togglePlay}
        />
      </div>
      <div className="transport">
        <button type="button" className="btn btn-icon" aria-label="Back 5 seconds" onClick={() => skip(-5)}>
          <span aria-hidden="true">⟲5</span>
        </button>
        <button
          type="button"
          className="btn btn-primary btn-play"
          aria-label={playing ? 'Pause' : 'Play'}
          onClick={togglePlay}
        >
          <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
        </button>
        <button type="button" className="btn btn-icon" aria-label="Forward 5 seconds" onClick={() => skip(5)}>
          <span aria-hidden="true">5⟳</span>
        </button>
        <TimeReadout durationSec={durationSec} />
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
