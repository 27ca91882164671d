import { loadavg } from 'node:os';

/** The machine's load while a number was taken (it is shared: a busy machine makes numbers worse). */
export function loadNote(): string {
  const [one, five] = loadavg();
  return `load ${one?.toFixed(1)} / ${five?.toFixed(1)} (1 / 5 min)`;
}
