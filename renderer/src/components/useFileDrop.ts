// Files dropped anywhere on the window: a video opens (with a chat dropped alongside it), a chat alone
// is attached to the open project. Only the desktop app can tell where a dropped file lives.
import { useEffect, useState } from 'react';
import { getBridge } from '../bridge/getBridge';
import { planDrop } from '../drop';
import { appStore } from '../store';

export const DROP_NEEDS_DESKTOP =
  'Drag and drop needs the desktop app: a browser does not tell Highlighter where a dropped file is. Type or paste the file’s full path instead.';

function hasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

export function useFileDrop(): boolean {
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    let depth = 0;
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth += 1;
      setDragging(true);
    };
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      void handleDrop(Array.from(e.dataTransfer?.files ?? []));
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('dragleave', onLeave);
    };
  }, []);

  return dragging;
}

async function handleDrop(files: File[]): Promise<void> {
  if (files.length === 0) return;
  const state = appStore().getState();
  const bridge = getBridge();
  const paths = files.map((f) => bridge.pathForFile(f));
  if (paths.some((p) => !p)) {
    state.showError(DROP_NEEDS_DESKTOP);
    return;
  }
  const { video, chat } = planDrop(paths as string[]);
  if (video) {
    await state.openLocal(video, chat ?? undefined);
  } else if (chat && state.project) {
    await state.importChat(chat);
  } else {
    state.showError('That does not look like a video file. Drop a video (mp4, mkv, mov, webm …) to open it.');
  }
}
