import type { JobDefinition } from './job';
import { postOfflineEarningsJob } from './postOfflineEarnings';
import { processSchemesJob } from './processSchemes';
import { distributionJob } from './distribution';
import { updateTiersJob } from './updateTiers';
import { expirePointsJob } from './expirePoints';
import { deliverNotificationsJob } from './deliverNotifications';

/** Every job the server runs, by name. Each job's module adds itself here with one line. */
export const jobDefinitions: JobDefinition[] = [
  processSchemesJob,
  distributionJob,
  postOfflineEarningsJob,
  updateTiersJob,
  expirePointsJob,
  deliverNotificationsJob,
];

export function findJob(name: string): JobDefinition | undefined {
  return jobDefinitions.find((job) => job.name === name);
}
