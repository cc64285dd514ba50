import { highlightSegments } from '../highlight';

/** Search-highlighted text, marks as <mark> elements, all of it as plain text. */
export function Highlighted({ text }: { text: string }) {
  return (
    <>
      {highlightSegments(text).map((segment, index) =>
        segment.marked ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the pieces never move
          <mark key={index} className="rounded-sm bg-amber-100 text-inherit">
            {segment.text}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the pieces never move
          <span key={index}>{segment.text}</span>
        ),
      )}
    </>
  );
}
