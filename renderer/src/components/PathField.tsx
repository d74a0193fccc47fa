// A labelled text field for a file path, with a Browse… button where the shell has native dialogs.
import { useId } from 'react';
import { useApp } from '../store';

interface PathFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  purpose: 'video' | 'chat' | 'export';
  hint?: string;
  placeholder?: string;
  required?: boolean;
  disabled?: boolean;
  autoFocus?: boolean;
}

export function PathField(props: PathFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const dialogs = useApp((s) => s.appInfo?.dialogs ?? false);
  const chooseFile = useApp((s) => s.chooseFile);

  async function browse() {
    const path = await chooseFile(props.purpose, props.value.trim() || undefined);
    if (path) props.onChange(path);
  }

  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <div className="field-row">
        <input
          id={id}
          type="text"
          className="input input-path"
          value={props.value}
          placeholder={props.placeholder}
          spellCheck={false}
          autoComplete="off"
          required={props.required}
          disabled={props.disabled}
          autoFocus={props.autoFocus}
          aria-describedby={props.hint ? hintId : undefined}
          onChange={(e) => props.onChange(e.target.value)}
        />
        {dialogs && (
          <button
            type="button"
            className="btn"
            aria-label={`Browse… ${props.label.toLowerCase()}`}
            disabled={props.disabled}
            onClick={() => void browse()}
          >
            Browse…
          </button>
        )}
      </div>
      {props.hint && (
        <p className="field-hint" id={hintId}>
          {props.hint}
        </p>
      )}
    </div>
  );
}
