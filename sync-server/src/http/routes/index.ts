import type { RouteModule } from '../app';
import { authRoutes } from './auth';
import { enrolmentRoutes } from './enrolment';

/** Every group of routes the server answers, one module per step of the data flow. */
export const allRoutes: RouteModule[] = [authRoutes, enrolmentRoutes];
