// Binds the command table's keys to the editor while it is shown, and the desktop menu's commands.
// A key is left alone when it goes to a text field or form control, when another handler already took
// it (a focused range handle's own keys), and Space/Enter on a focused button press the button.
import { useEffect } from 'react';
import { getBridge } from '../bridge/getBridge';
import { commandById, type CommandId } from '../store/commands';
import { commandActions, runCommand } from './commandActions';
import { commandFor, isActivationOnControl, isMacPlatform, isTypingTarget } from './shortcuts';

/** The Edit menu's Undo/Redo act on the text being typed when focus is in a text field. */
function runMenuCommand(id: string): void {
  if (!commandById(id) || !(id in commandActions)) return;
  if ((id === 'undo' || id === 'redo') && isTypingTarget(document.activeElement)) {
    document.execCommand(id);
    return;
  }
  runCommand(id as CommandId);
}

export function useShortcuts(): void {
  useEffect(() => {
    const isMac = isMacPlatform();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      // Keys typed inside a shadow root (a range handle) arrive retargeted; the real target is first in the path.
      const target = event.composedPath()[0] ?? event.target;
      if (isTypingTarget(target, event.key) || isActivationOnControl(event, target)) return;
      const id = commandFor(event, isMac);
      if (!id) return;
      if (runCommand(id)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    const offMenu = getBridge().on('menuCommand', ({ id }) => runMenuCommand(id));
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      offMenu();
    };
  }, []);
}
