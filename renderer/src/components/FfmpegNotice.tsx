// When ffmpeg cannot be found nothing can be opened or exported; say so before the user tries.
import { useApp } from '../store';

export function FfmpegNotice() {
  const ffmpeg = useApp((s) => s.appInfo?.ffmpeg);
  if (!ffmpeg || ffmpeg.available) return null;
  return (
    <section className="notice notice-danger" aria-labelledby="ffmpeg-missing-title">
      <h2 id="ffmpeg-missing-title">ffmpeg is not available</h2>
      <p>{ffmpeg.message ?? 'Highlighter needs ffmpeg and ffprobe to read and export videos.'}</p>
    </section>
  );
}
