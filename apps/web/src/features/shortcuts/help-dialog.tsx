import { Dialog } from '../../ui/dialog';
import { shortcuts } from './shortcut-map';

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <table className="table">
        <tbody>
          {shortcuts.map((s) => (
            <tr key={s.key}>
              <td style={{ width: 90 }}>
                <kbd className="kbd">{s.key === 'Escape' ? 'Esc' : s.key}</kbd>
              </td>
              <td>{s.description}</td>
            </tr>
          ))}
          <tr>
            <td>
              <kbd className="kbd">Enter</kbd>
            </td>
            <td>Send (Shift+Enter for a new line)</td>
          </tr>
        </tbody>
      </table>
    </Dialog>
  );
}
