import { mockCreateOrderEndpoint, createOrderScenarios, type CreateOrderScenario } from '@flowwise/react/testing';

/**
 * Every scenario is mocked at once, each on its own endpoint, so that a docs page showing several
 * stories side by side gives each one its own answer. `success` keeps the package's default endpoint.
 */
export function scenarioEndpoint(scenario: CreateOrderScenario): string {
  return scenario === 'success' ? '/api/flowwise/orders' : `/mock-flowwise/${scenario}/orders`;
}

/** How long the `slow` scenario takes in Storybook: long enough to see the loading state. */
export const SLOW_DELAY_MS = 1500;

export const scenarioHandlers = createOrderScenarios.flatMap((scenario) =>
  mockCreateOrderEndpoint({ scenario, endpoint: scenarioEndpoint(scenario), delayMs: SLOW_DELAY_MS }),
);

/** Story parameters choosing how the mocked merchant endpoint answers. */
export function mockScenario(scenario: CreateOrderScenario) {
  return { flowwise: { scenario } };
}
