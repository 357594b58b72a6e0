import type { FlowwiseCheckoutButtonProps } from '@flowwise/react';

// Spies shown in the Actions panel and the story-only order are not part of what a user would write.
const omitted = new Set(['order', 'children', 'onSuccess', 'onError']);

function attribute(name: string, value: unknown): string | null {
  if (value === undefined) return null;
  if (value === true) return name;
  if (typeof value === 'string') return `${name}=${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return `${name}={${String(value)}}`;
  if (typeof value === 'function') return name === 'renderError' ? `${name}={(error) => …}` : `${name}={${name}}`;
  return `${name}={${JSON.stringify(value)}}`;
}

/** The JSX a user would write for a story's args, for the docs' "Show code". */
export function buttonSource(args: Partial<FlowwiseCheckoutButtonProps>): string {
  const attributes = [
    'order={order}',
    ...Object.entries(args)
      .filter(([name]) => !omitted.has(name))
      .map(([name, value]) => attribute(name, value))
      .filter((item): item is string => item !== null),
  ];
  const children = typeof args.children === 'string' ? args.children : null;
  const open =
    attributes.length > 2
      ? `<FlowwiseCheckoutButton\n${attributes.map((item) => `  ${item}`).join('\n')}\n`
      : `<FlowwiseCheckoutButton ${attributes.join(' ')}`;
  const spacer = attributes.length > 2 ? '' : ' ';
  return children ? `${open}>\n  ${children}\n</FlowwiseCheckoutButton>` : `${open}${spacer}/>`;
}
