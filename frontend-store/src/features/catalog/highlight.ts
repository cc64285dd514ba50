/** A piece of a search highlight; `marked` when it matched the search words. */
export interface HighlightSegment {
  text: string;
  marked: boolean;
}

/**
 * Splits the API's highlight ("Court <mark>Sneakers</mark>") into text pieces, so it is rendered as
 * React text and never as HTML.
 */
export function highlightSegments(highlight: string): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  const pattern = /<mark>(.*?)<\/mark>/gs;
  let last = 0;
  for (const match of highlight.matchAll(pattern)) {
    if (match.index > last) segments.push({ text: highlight.slice(last, match.index), marked: false });
    if (match[1]) segments.push({ text: match[1], marked: true });
    last = match.index + match[0].length;
  }
  if (last < highlight.length) segments.push({ text: highlight.slice(last), marked: false });
  return segments.map((segment) => ({ ...segment, text: segment.text.replace(/<\/?mark>/g, '') }));
}
