import { useCallback, useState } from 'react';

/**
 * Stories never leave Storybook: instead of navigating, the checkout hands the URL to this `redirect`
 * function and the story shows where the shopper would have gone.
 */
export function useRedirectPreview() {
  const [href, setHref] = useState<string | null>(null);
  const redirect = useCallback((url: string) => setHref(url), []);
  return { href, redirect };
}

export function RedirectNotice({ href }: { href: string | null }) {
  if (!href) return null;
  return (
    <p role="status" className="story-redirect">
      Redirect stopped by Storybook. The shopper would now be on <code>{href}</code>
    </p>
  );
}
