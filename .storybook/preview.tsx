import { FlowwiseProvider } from '@flowwise/react';
import type { CreateOrderScenario } from '@flowwise/react/testing';
import type { Preview } from '@storybook/react-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { scenarioEndpoint, scenarioHandlers } from '../stories/support/scenarios';
import '../stories/support/stories.css';

const preview: Preview = {
  loaders: [mswLoader()],
  decorators: [
    // A provider per story, so each story gets its own QueryClient and the endpoint of its scenario.
    (Story, { parameters }) => {
      const scenario: CreateOrderScenario = parameters.flowwise?.scenario ?? 'success';
      return (
        <FlowwiseProvider endpoint={scenarioEndpoint(scenario)}>
          <div className="story-frame">
            <Story />
          </div>
        </FlowwiseProvider>
      );
    },
  ],
  parameters: {
    msw: { handlers: { flowwise: scenarioHandlers } },
    // Any axe violation fails the story's test.
    a11y: { test: 'error' },
    controls: { expanded: true },
  },
};

export default preview;
