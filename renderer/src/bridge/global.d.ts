import type { HighlighterBridge } from '../../../preload/contract';

declare global {
  interface Window {
    /** Injected by the Electron preload; absent in a plain browser (then the web bridge is used). */
    highlighter?: HighlighterBridge;
  }
}

export {};
