// What a set of dropped files means: which one is the video and which one the chat, by extension.
const VIDEO_EXTENSIONS = new Set([
  'mp4', 'm4v', 'mkv', 'mov', 'webm', 'ts', 'm2ts', 'mts', 'flv', 'avi', 'wmv', 'mpg', 'mpeg', '3gp', 'ogv',
]);

export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

export function isVideoName(name: string): boolean {
  return VIDEO_EXTENSIONS.has(extensionOf(name));
}

export interface DropPlan {
  video: string | null;
  chat: string | null;
}

/** The first video-looking file is the video; the first other file is taken as its chat. */
export function planDrop(paths: readonly string[]): DropPlan {
  const video = paths.find(isVideoName) ?? null;
  const chat = paths.find((p) => !isVideoName(p)) ?? null;
  return { video, chat };
}
