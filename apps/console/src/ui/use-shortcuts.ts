import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { shortcutFor, type ShortcutAction } from './shortcuts';

/** How long a `g` waits for its second key. */
const PREFIX_MS = 1500;

const isField = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/** Elements marked `data-shortcut` on the current screen are what the keys reach (nothing happens where there is none). */
function focusMarked(name: string) {
  document.querySelector<HTMLElement>(`[data-shortcut="${name}"]`)?.focus();
}

function composeAs(mode: 'reply' | 'note') {
  document.querySelector<HTMLInputElement>(`[data-shortcut="mode-${mode}"]`)?.click();
  focusMarked('text');
}

/** The console's keyboard shortcuts (listed on the help screen, from the same table). */
export function useShortcuts(): void {
  const navigate = useNavigate();
  useEffect(() => {
    let prefixUntil = 0;
    const run: Record<ShortcutAction, () => void> = {
      help: () => void navigate('/help'),
      goToday: () => void navigate('/today'),
      goTickets: () => void navigate('/tickets'),
      search: () => focusMarked('search'),
      reply: () => composeAs('reply'),
      note: () => composeAs('note'),
    };
    const onKey = (event: KeyboardEvent) => {
      // Esc leaves a text field, so the next key is a shortcut again.
      if (event.key === 'Escape' && isField(event.target)) return (event.target as HTMLElement).blur();
      const action = shortcutFor(
        { key: event.key, modified: event.ctrlKey || event.metaKey || event.altKey, inField: isField(event.target) },
        Date.now() < prefixUntil,
      );
      prefixUntil = action === 'prefix' ? Date.now() + PREFIX_MS : 0;
      if (action === null || action === 'prefix') return;
      event.preventDefault();
      run[action]();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [navigate]);
}
