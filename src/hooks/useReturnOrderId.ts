import * as React from 'react';

function subscribe(onChange: () => void) {
  // Back and forward within the page's history change the URL without a new page.
  addEventListener('popstate', onChange);
  return () => removeEventListener('popstate', onChange);
}

/**
 * The `order_id` of the current URL: `undefined` while there is no URL to read (on the server, and while
 * hydrating, so that the first render matches the server's), `null` when the URL has none.
 */
export function useReturnOrderId(): string | null | undefined {
  const search = React.useSyncExternalStore<string | undefined>(
    subscribe,
    () => location.search,
    () => undefined,
  );
  return search === undefined ? undefined : new URLSearchParams(search).get('order_id') || null;
}
