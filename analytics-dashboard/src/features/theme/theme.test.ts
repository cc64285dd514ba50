import { describe, expect, it } from 'vitest';
import { nextThemeChoice, readThemeChoice, resolveTheme, THEME_STORAGE_KEY } from './theme';

describe('theme', () => {
  it('follows the system until the user chooses', () => {
    expect(readThemeChoice({ getItem: () => null })).toBe('system');
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
  });

  it('reads a stored choice and ignores anything else', () => {
    expect(readThemeChoice({ getItem: (key) => (key === THEME_STORAGE_KEY ? 'dark' : null) })).toBe('dark');
    expect(readThemeChoice({ getItem: () => 'purple' })).toBe('system');
    expect(
      readThemeChoice({
        getItem: () => {
          throw new Error('blocked');
        },
      }),
    ).toBe('system');
  });

  it('cycles light, dark, system', () => {
    expect(nextThemeChoice('light')).toBe('dark');
    expect(nextThemeChoice('dark')).toBe('system');
    expect(nextThemeChoice('system')).toBe('light');
  });
});
