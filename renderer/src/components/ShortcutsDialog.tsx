// "Keyboard shortcuts": every command of the table with its keys, by group. Opened with ? and from the
// desktop menu's Help.
import { isMacPlatform } from '../keyboard/shortcuts';
import { COMMAND_GROUPS, COMMANDS, keyLabel } from '../store/commands';
import { useApp } from '../store';
import { useModalDialog } from './useModalDialog';

export function ShortcutsDialog() {
  const open = useApp((s) => s.shortcutsOpen);
  const setOpen = useApp((s) => s.setShortcutsOpen);
  const dialogRef = useModalDialog(open);

  const isMac = isMacPlatform();
  return (
    <dialog ref={dialogRef} className="dialog shortcuts-dialog" aria-label="Keyboard shortcuts" onClose={() => setOpen(false)}>
      {open && (
        <>
          <header className="dialog-head">
            <h2>Keyboard shortcuts</h2>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setOpen(false)} autoFocus>
              Close
            </button>
          </header>
          <p className="muted small">
            Shortcuts work anywhere in the editor except while typing in a field. A focused range handle keeps its own
            keys: ←/→ ±1 s, Shift ±0.1 s, Page Up/Down ±10 s, Delete.
          </p>
          <div className="shortcut-groups">
            {COMMAND_GROUPS.map((group) => (
              <section key={group} className="shortcut-group" aria-label={group}>
                <h3>{group}</h3>
                <table className="shortcut-table">
                  <tbody>
                    {COMMANDS.filter((c) => c.group === group).map((c) => (
                      <tr key={c.id}>
                        <th scope="row">{c.label}</th>
                        <td>
                          {c.keys.map((k, i) => (
                            <span key={k}>
                              {i > 0 && <span className="muted"> or </span>}
                              <kbd>{keyLabel(k, isMac)}</kbd>
                            </span>
                          ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            ))}
          </div>
        </>
      )}
    </dialog>
  );
}
