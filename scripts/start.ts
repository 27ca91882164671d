/** `npm start`: see sync-server/src/demo/launch.ts. */
import { launch } from '../sync-server/src/demo/launch';

process.exitCode = await launch();
