import { api } from '../../../../shared/protocol/api';
import { SimulationInputError, simulate } from '../../../../shared/simulator/simulate';
import { badRequest, DomainError } from '../../errors';
import type { RouteModule } from '../app';
import { serve } from '../serve';

/**
 * The scheme simulator over HTTP (CONTRACT.md "Simulation format"): what one sale earns and what
 * the card's points can pay under a scheme, touching no data.
 */
export const simulateRoutes: RouteModule = (app) => {
  serve(app, api.cards.simulate, async ({ body }) => {
    try {
      return simulate(body);
    } catch (error) {
      if (error instanceof SimulationInputError)
        throw new DomainError(
          'invalid',
          'invalidSimulation',
          error.problems.join('; '),
          error.problems,
          error.fields,
        );
      if (error instanceof RangeError || (error as Error).name === 'AmountFormatError')
        throw badRequest('invalidSimulation', (error as Error).message, [(error as Error).message]);
      throw error;
    }
  });
};
