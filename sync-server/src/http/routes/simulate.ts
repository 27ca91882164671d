import { z } from 'zod';
import { SimulationInput } from '../../../../shared/simulator/input';
import { SimulationInputError, simulate } from '../../../../shared/simulator/simulate';
import type { RouteModule } from '../app';
import { badRequest } from '../../errors';
import { requireStaff } from '../../auth/principal';

/**
 * The scheme simulator over HTTP (CONTRACT.md "Simulation format"): what one sale earns and what
 * the card's points can pay under a scheme, touching no data. Any signed-in staff.
 */
export const simulateRoutes: RouteModule = (app) => {
  app.post(
    '/api/simulate',
    { schema: { tags: ['simulator'], body: SimulationInput, response: { 200: z.unknown() } } },
    async (request) => {
      requireStaff(request.principal, 'cashier');
      try {
        return simulate(request.body);
      } catch (error) {
        if (error instanceof SimulationInputError)
          throw badRequest('invalidSimulation', error.problems.join('; '), error.problems);
        if (error instanceof RangeError || (error as Error).name === 'AmountFormatError')
          throw badRequest('invalidSimulation', (error as Error).message, [
            (error as Error).message,
          ]);
        throw error;
      }
    },
  );
};
