/** `npm start`: see sync-server/src/demo/launch.ts. */
import { findElectron, launch } from '../sync-server/src/demo/launch';

// The desktop shell runs from its build (dist/electron), made fresh like the register's.
if ('binary' in findElectron(process.env)) {
  try {
    const { buildShell } = await import('../electron/build');
    await buildShell();
  } catch (error) {
    console.log(`The desktop shell did not build: ${(error as Error).message}`);
  }
}

process.exitCode = await launch();
