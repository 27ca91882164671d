import { APP_PAGE } from './protocol';

export interface LaunchTarget {
  /** A sync server named for this run (`npm start` passes REGISTER_URL), or null. */
  readonly serverUrl: string | null;
  /** What to hand the page in its address, such as `#enrol=<code>`; empty for nothing. */
  readonly fragment: string;
}

function argValue(argv: readonly string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  return argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

/**
 * Where this run of the shell points: `--server-url=<url>` or REGISTER_URL (the register's
 * address as the server serves it, possibly with a one-time enrolment code after `#`).
 */
export function launchTarget(argv: readonly string[], env: NodeJS.ProcessEnv): LaunchTarget {
  const given = argValue(argv, 'server-url') ?? env['REGISTER_URL'];
  if (!given) return { serverUrl: null, fragment: '' };
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new Error(`the server address "${given}" is not a web address`);
  }
  return { serverUrl: url.origin, fragment: url.hash };
}

/** The register page in the shell, with the handed-over fragment if any. */
export function pageUrl(fragment: string): string {
  return `${APP_PAGE}${fragment.startsWith('#') ? fragment : ''}`;
}
