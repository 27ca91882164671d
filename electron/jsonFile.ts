import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { fileExists, writeFileAtomically } from './durableFile';

export type Loaded<T> = { readonly value: T; readonly problem: string | null };

/**
 * Reads a small JSON file of the shell's own: absent means `fallback`; unreadable or invalid
 * also gives `fallback`, with the reason, so a damaged settings file never stops the register.
 */
export async function loadJson<S extends z.ZodType>(
  file: string,
  schema: S,
  fallback: z.infer<S>,
): Promise<Loaded<z.infer<S>>> {
  if (!(await fileExists(file))) return { value: fallback, problem: null };
  try {
    const parsed = schema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (parsed.success) return { value: parsed.data, problem: null };
    return { value: fallback, problem: `${file} is not valid: ${parsed.error.message}` };
  } catch (error) {
    return { value: fallback, problem: `${file} cannot be read: ${(error as Error).message}` };
  }
}

export async function saveJson(file: string, value: unknown): Promise<void> {
  await writeFileAtomically(file, `${JSON.stringify(value, null, 2)}\n`);
}
