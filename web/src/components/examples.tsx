/** Example lines of a log template, in monospace: a long one shows its start, and a button (a key press away) shows the rest. */
import { useState } from 'preact/hooks';

/** Characters of a line shown before "more": about two lines of a half-width panel. */
const PREVIEW_CHARS = 160;

function LongLine({ line }: { line: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <code>{open ? line : `${line.slice(0, PREVIEW_CHARS)}…`}</code>{' '}
      <button type="button" class="link small" aria-expanded={open} onClick={() => setOpen(!open)}>{open ? 'less' : `more (${line.length} characters)`}</button>
    </>
  );
}

export function ExampleLines({ examples }: { examples: string[] }) {
  if (examples.length === 0) return <p class="muted small examples">No example line kept yet.</p>;
  return (
    <ul class="examples" aria-label="example lines">
      {examples.map((line) => <li key={line}>{line.length > PREVIEW_CHARS ? <LongLine line={line} /> : <code>{line}</code>}</li>)}
    </ul>
  );
}

/** The example lines folded under a summary, for lists of many templates; a native disclosure, so Enter or Space opens it. */
export function FoldedExampleLines({ examples }: { examples: string[] }) {
  if (examples.length === 0) return null;
  return (
    <details class="examples">
      <summary>{examples.length} example line{examples.length === 1 ? '' : 's'}</summary>
      <ExampleLines examples={examples} />
    </details>
  );
}
