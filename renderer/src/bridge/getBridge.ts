// The one way the UI reaches the core: the preload's window.highlighter in Electron, otherwise the web
// bridge to `highlighter serve` on the page's own origin.
import type { HighlighterBridge } from '../../../preload/contract';
import { createWebBridge } from './webBridge';

let cached: HighlighterBridge | null = null;

export function getBridge(): HighlighterBridge {
  if (cached) return cached;
  cached = typeof window !== 'undefined' && window.highlighter ? window.highlighter : createWebBridge();
  return cached;
}
