import { describe, expect, it } from 'vitest';
import { monthsThatFit, placePopover } from './popover-placement';

const viewport = { width: 1280, height: 800 };
const size = { width: 610, height: 380 };

describe('the date picker placement', () => {
  it('aligns its right edge with the button when there is room on the left', () => {
    const anchor = { left: 900, right: 1040, top: 100, bottom: 136 };
    expect(placePopover(anchor, size, viewport)).toMatchObject({ left: 1040 - 610, top: 140 });
  });

  it('stays inside the viewport when the button is near the left edge (1280 px, sidebar layout)', () => {
    const anchor = { left: 260, right: 400, top: 100, bottom: 136 };
    const { left } = placePopover(anchor, size, viewport);
    expect(left).toBeGreaterThanOrEqual(8);
    expect(left + size.width).toBeLessThanOrEqual(viewport.width - 8);
  });

  it('fits a phone: one month, inside the screen', () => {
    const phone = { width: 390, height: 844 };
    expect(monthsThatFit(phone.width)).toBe(1);
    const { left } = placePopover(
      { left: 16, right: 150, top: 200, bottom: 236 },
      { width: 320, height: 380 },
      phone,
    );
    expect(left).toBeGreaterThanOrEqual(8);
    expect(left + 320).toBeLessThanOrEqual(phone.width - 8);
  });

  it('opens above the button when it does not fit below', () => {
    const anchor = { left: 900, right: 1040, top: 600, bottom: 636 };
    const placed = placePopover(anchor, size, viewport);
    expect(placed.top + size.height).toBeLessThanOrEqual(anchor.top);
  });

  it('shows two months on a desktop', () => {
    expect(monthsThatFit(1280)).toBe(2);
  });
});
