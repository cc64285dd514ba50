/** Where the date picker goes: below its button, right edges aligned, but always inside the viewport. */

const MARGIN = 8;
/** Two months of react-day-picker with its padding, about 610 px: below that width, one month. */
const TWO_MONTHS_MIN_VIEWPORT = 680;

export function monthsThatFit(viewportWidth: number): 1 | 2 {
  return viewportWidth >= TWO_MONTHS_MIN_VIEWPORT ? 2 : 1;
}

export function placePopover(
  anchor: { left: number; right: number; top: number; bottom: number },
  size: { width: number; height: number },
  viewport: { width: number; height: number },
): { left: number; top: number; maxHeight: number } {
  const widest = viewport.width - 2 * MARGIN;
  const right = Math.min(anchor.right, viewport.width - MARGIN);
  const left = Math.max(
    MARGIN,
    Math.min(right - size.width, viewport.width - MARGIN - Math.min(size.width, widest)),
  );
  const below = anchor.bottom + 4;
  const roomBelow = viewport.height - below - MARGIN;
  // Above the button when it does not fit below and there is more room above.
  const top =
    size.height > roomBelow && anchor.top - MARGIN > roomBelow
      ? Math.max(MARGIN, anchor.top - 4 - size.height)
      : below;
  const maxHeight = top === below ? roomBelow : anchor.top - 4 - MARGIN;
  return { left, top, maxHeight: Math.max(200, maxHeight) };
}
