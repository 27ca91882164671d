/** `npm start`: see sync-server/src/demo/launch.ts. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { launch } from '../sync-server/src/demo/launch';

/**
 * Whether Electron's binary is here to run the desktop shell (launch.ts says why when not). Read
 * from the package's own files: requiring `electron` would try to download a missing binary.
 */
function electronBinaryPresent(): boolean {
  if (process.env['START_ELECTRON'] === '0') return false;
  try {
    const packageDir = path.dirname(
      createRequire(import.meta.url).resolve('electron/package.json'),
    );
    const name = readFileSync(path.join(packageDir, 'path.txt'), 'utf8');
    const dist = process.env['ELECTRON_OVERRIDE_DIST_PATH'] || path.join(packageDir, 'dist');
    return existsSync(path.join(dist, name));
  } catch {
    return false;
  }
}

// The desktop shell runs from its build (dist/electron), made fresh like the register's.
if (electronBinaryPresent()) {
  try {
    const { buildShell } = await import('../electron/build');
    await buildShell();
  } catch (error) {
    console.log(`The desktop shell did not build: ${(error as Error).message}`);
  }
}

process.exitCode = await launch();
