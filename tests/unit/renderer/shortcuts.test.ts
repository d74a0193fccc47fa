import { describe, expect, it } from 'vitest';
import { commandFor, isActivationOnControl, isTypingTarget, type KeyPress } from '../../../renderer/src/keyboard/shortcuts';
import { accelerator, COMMANDS, keyLabel } from '../../../renderer/src/store/commands';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('keyboard shortcuts', () => {
  it('binds every key of the issue to its command', () => {
    const cases: Array<[KeyPress, string]> = [
      [press(' '), 'playPause'],
      [press('j'), 'shuttleBack'],
      [press('k'), 'shuttleStop'],
      [press('l'), 'shuttleForward'],
      [press('ArrowLeft'), 'seekBack'],
      [press('ArrowRight'), 'seekForward'],
      [press('ArrowLeft', { shiftKey: true }), 'seekBackFar'],
      [press('ArrowRight', { shiftKey: true }), 'seekForwardFar'],
      [press(','), 'frameBack'],
      [press('.'), 'frameForward'],
      [press('Home'), 'goToStart'],
      [press('End'), 'goToEnd'],
      [press('i'), 'setIn'],
      [press('o'), 'setOut'],
      [press('n'), 'addRange'],
      [press('s'), 'splitRange'],
      [press('Delete'), 'deleteRange'],
      [press('Backspace'), 'deleteRange'],
      [press('ArrowUp'), 'selectPrevious'],
      [press('ArrowDown'), 'selectNext'],
      [press('e', { ctrlKey: true }), 'exportReel'],
      [press('z', { ctrlKey: true }), 'undo'],
      [press('Z', { ctrlKey: true, shiftKey: true }), 'redo'],
      [press('y', { ctrlKey: true }), 'redo'],
      [press('?', { shiftKey: true }), 'showShortcuts'],
      [press('+', { shiftKey: true }), 'zoomIn'],
      [press('-'), 'zoomOut'],
      [press('Escape'), 'stopPreview'],
    ];
    for (const [p, id] of cases) expect(commandFor(p, false), `${p.key}`).toBe(id);
  });

  it('uses Cmd for Mod on macOS and leaves other combinations alone', () => {
    expect(commandFor(press('z', { metaKey: true }), true)).toBe('undo');
    expect(commandFor(press('z', { metaKey: true }), false)).toBeNull();
    expect(commandFor(press('j', { ctrlKey: true }), false)).toBeNull();
    expect(commandFor(press('j', { altKey: true }), false)).toBeNull();
    expect(commandFor(press('Shift'), false)).toBeNull();
  });

  it('no key is bound twice', () => {
    const keys = COMMANDS.flatMap((c) => c.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('labels and accelerators read as users expect', () => {
    expect(keyLabel('Mod+Shift+Z', false)).toBe('Ctrl+Shift+Z');
    expect(keyLabel('Mod+Z', true)).toBe('⌘+Z');
    expect(keyLabel('Shift+ArrowLeft', false)).toBe('Shift+←');
    expect(keyLabel('+', false)).toBe('+');
    expect(accelerator('Mod+Shift+Z')).toBe('CmdOrCtrl+Shift+Z');
    expect(accelerator('ArrowLeft')).toBe('Left');
    expect(accelerator('?')).toBeUndefined();
  });

  it('stays out of text fields and form controls, and lets Space press a focused button', () => {
    const fake = (tagName: string, extra: Record<string, unknown> = {}) => ({ tagName, closest: () => null, isContentEditable: false, getAttribute: () => null, ...extra }) as unknown as EventTarget;
    expect(isTypingTarget(fake('INPUT', { type: 'text' }))).toBe(true);
    expect(isTypingTarget(fake('INPUT', { type: 'range' }), 'ArrowLeft')).toBe(true);
    expect(isTypingTarget(fake('INPUT', { type: 'range' }), '?')).toBe(false);
    expect(isTypingTarget(fake('INPUT', { type: 'checkbox' }), ' ')).toBe(true);
    expect(isTypingTarget(fake('INPUT', { type: 'checkbox' }), 'j')).toBe(false);
    expect(isTypingTarget(fake('TEXTAREA'))).toBe(true);
    expect(isTypingTarget(fake('SELECT'))).toBe(true);
    expect(isTypingTarget(fake('DIV', { isContentEditable: true }))).toBe(true);
    expect(isTypingTarget(fake('DIV'))).toBe(false);
    expect(isTypingTarget(fake('BUTTON'))).toBe(false);
    expect(isActivationOnControl(press(' '), fake('BUTTON'))).toBe(true);
    expect(isActivationOnControl(press(' '), fake('DIV'))).toBe(false);
    expect(isActivationOnControl(press('j'), fake('BUTTON'))).toBe(false);
  });
});
