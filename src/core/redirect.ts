/**
 * How to send the shopper to the verified checkout URL: `'assign'` (a normal navigation),
 * `'replace'` (no history entry), `false` (stay on the page), or a function that receives the URL.
 */
export type RedirectMode = 'assign' | 'replace' | false | ((url: string) => void);

/** Navigates to an already verified `href` as `mode` says. */
export function redirectTo(href: string, mode: RedirectMode): void {
  if (typeof mode === 'function') mode(href);
  else if (mode === 'replace') window.location.replace(href);
  else if (mode === 'assign') window.location.assign(href);
}
