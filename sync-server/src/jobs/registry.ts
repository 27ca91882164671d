import type { JobDefinition } from './job';

/** Every job the server runs, by name. Each job's module adds itself here with one line. */
export const jobDefinitions: JobDefinition[] = [];

export function findJob(name: string): JobDefinition | undefined {
  return jobDefinitions.find((job) => job.name === name);
}
