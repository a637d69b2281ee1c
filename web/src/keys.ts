/** Keyboard shortcuts of a page; ignored while typing in a field, and Enter ignored on a focused control. */
import { useEffect, useRef } from 'preact/hooks';

export function useKeys(bindings: Record<string, (event: KeyboardEvent) => void>): void {
  const current = useRef(bindings);
  current.current = bindings;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (target !== null && (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable)) return;
      // Enter and Space on a focused link, button or disclosure are that control's own, not a page shortcut.
      if ((event.key === 'Enter' || event.key === ' ') && target?.closest('a, button, summary, [role="button"]')) return;
      const handler = current.current[event.key];
      if (handler === undefined) return;
      event.preventDefault();
      handler(event);
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
}
