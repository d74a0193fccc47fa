// The range being dragged on the timeline, where it is right now (the store changes only when the drag
// ends, as one undo step): the layers drawn beside wavesurfer follow it live.
import { createStore } from 'zustand/vanilla';

export type DragPreview = { id: string; start: number; end: number } | null;

export const dragPreview = createStore<DragPreview>()(() => null);
