import path from 'node:path';
import { z } from 'zod';
import { loadJson, saveJson } from './jsonFile';

export interface Rectangle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const WindowState = z.object({
  x: z.int(),
  y: z.int(),
  width: z.int().positive(),
  height: z.int().positive(),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowState>;

export const DEFAULT_SIZE = { width: 1280, height: 800 } as const;
const MIN_VISIBLE = 100;

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The bounds to open the window with: the saved ones when enough of the window still falls on a
 * screen (a monitor may have been unplugged since), otherwise the saved size alone, centred by the
 * system, shrunk to the largest screen.
 */
export function restoredBounds(
  saved: WindowState | null,
  workAreas: readonly Rectangle[],
): Partial<Rectangle> & { width: number; height: number } {
  if (!saved) return { ...DEFAULT_SIZE };
  const visible = workAreas.some((area) => {
    const { width, height } = overlap(saved, area);
    return width >= MIN_VISIBLE && height >= MIN_VISIBLE;
  });
  if (visible) return { x: saved.x, y: saved.y, width: saved.width, height: saved.height };
  const largest = workAreas.reduce<Rectangle>(
    (best, area) => (area.width * area.height > best.width * best.height ? area : best),
    workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE },
  );
  return {
    width: Math.min(saved.width, largest.width),
    height: Math.min(saved.height, largest.height),
  };
}

export function windowStateFile(userDataDir: string): string {
  return path.join(userDataDir, 'window-state.json');
}

export async function loadWindowState(userDataDir: string): Promise<WindowState | null> {
  return (await loadJson(windowStateFile(userDataDir), WindowState.nullable(), null)).value;
}

export async function saveWindowState(userDataDir: string, state: WindowState): Promise<void> {
  await saveJson(windowStateFile(userDataDir), WindowState.parse(state));
}
