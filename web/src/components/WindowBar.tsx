// An exposure window drawn to the scale of the board: from first seen to remediated (or now).
import { useEffect, useRef } from 'preact/hooks';

interface Props {
  start: number;
  end: number;
  open: boolean;
  range: { from: number; to: number };
}

export function WindowBar({ start, end, open, range }: Props) {
  const bar = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const span = Math.max(1, range.to - range.from);
    const left = Math.max(0, Math.min(1, (start - range.from) / span));
    const width = Math.max(0.01, Math.min(1 - left, (end - start) / span));
    // Set through the CSSOM: the Content-Security-Policy refuses style attributes in markup.
    if (bar.current) {
      bar.current.style.left = `${left * 100}%`;
      bar.current.style.width = `${width * 100}%`;
    }
  }, [start, end, range.from, range.to]);
  return (
    <span class="window-track" aria-hidden="true">
      <span ref={bar} class={open ? 'window-bar open' : 'window-bar'} />
    </span>
  );
}
