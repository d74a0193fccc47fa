// Which command a key press asks for, and when a key press is not the editor's to take: while the user
// types in a text field (or uses a form control's own keys), and after another handler took it (a
// focused range handle keeps its arrows, Page Up/Down, Home/End and Delete).
import { COMMANDS, type CommandId } from '../store/commands';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** The names a key press goes by in the table: "Mod+Shift+Z", "Ctrl+Y", "Shift+ArrowLeft", "?", "J". */
export function pressNames(press: KeyPress, isMac: boolean): string[] {
  const raw = press.key === ' ' ? 'Space' : press.key;
  if (!raw || raw === 'Shift' || raw === 'Control' || raw === 'Meta' || raw === 'Alt') return [];
  const letter = /^[a-z]$/i.test(raw);
  const key = letter ? raw.toUpperCase() : raw;
  // A printable symbol already carries its Shift ('?' is Shift+/ on most layouts).
  const symbol = !letter && raw.length === 1 && raw !== ' ';
  const shift = press.shiftKey && !symbol ? 'Shift+' : '';
  const alt = press.altKey ? 'Alt+' : '';
  const mod = isMac ? press.metaKey : press.ctrlKey;
  const names: string[] = [];
  if (mod) names.push(`Mod+${alt}${shift}${key}`);
  if (press.ctrlKey) names.push(`Ctrl+${alt}${shift}${key}`);
  if (!press.ctrlKey && !press.metaKey) names.push(`${alt}${shift}${key}`);
  return names;
}

const byName = new Map<string, CommandId>();
for (const command of COMMANDS) for (const keys of command.keys) byName.set(keys, command.id);

/** The command bound to the key press, or null. */
export function commandFor(press: KeyPress, isMac: boolean): CommandId | null {
  for (const name of pressNames(press, isMac)) {
    const id = byName.get(name);
    if (id) return id;
  }
  return null;
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'tel', 'email', 'password', 'number', 'date', 'time', 'datetime-local', 'month', 'week']);

const SLIDER_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);

/**
 * True when this key press belongs to the focused element: typing in a text field, a slider's own keys
 * (arrows, Home/End, Page Up/Down), Space on a checkbox. Everything else still reaches the shortcuts.
 */
export function isTypingTarget(target: EventTarget | null, key?: string): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
    if (TEXT_INPUT_TYPES.has(type)) return true;
    if (type === 'range') return key === undefined || SLIDER_KEYS.has(key);
    if (type === 'checkbox' || type === 'radio') return key === undefined || key === ' ';
    return false;
  }
  return false;
}

/** Space and Enter on a focused button press it; the shortcut must not fire too. */
export function isActivationOnControl(press: KeyPress, target: EventTarget | null): boolean {
  if (press.key !== ' ' && press.key !== 'Enter') return false;
  const el = target as HTMLElement | null;
  const tag = el?.tagName;
  return tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || el?.getAttribute?.('role') === 'button';
}

export function isMacPlatform(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}
