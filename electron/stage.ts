/**
 * Lays out the desktop app for electron-builder in dist/desktop: the built shell, the built
 * register and a package.json of its own without dependencies (the shell is bundled), so the
 * installer carries none of the server's packages.
 */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stage = path.join(root, 'dist/desktop');

const project = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
  description: string;
};

await rm(stage, { recursive: true, force: true });
await mkdir(path.join(stage, 'electron'), { recursive: true });
for (const file of ['main.js', 'preload.cjs'])
  await cp(path.join(root, 'dist/electron', file), path.join(stage, 'electron', file));
await cp(path.join(root, 'dist/renderer'), path.join(stage, 'renderer'), { recursive: true });
const manifest = {
  name: 'loyalty-register',
  productName: 'Loyalty Register',
  version: project.version,
  description: project.description,
  author: { name: 'Loyalty POS', email: 'support@loyalty-pos.invalid' },
  type: 'module',
  main: 'electron/main.js',
};
await writeFile(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`Staged the desktop app in ${path.relative(root, stage)}`);
