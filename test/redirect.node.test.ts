import { expect, it, vi } from 'vitest';
import { redirectTo } from '../src/core/checkout';

// Browsers' Location cannot be replaced in jsdom, so the navigation modes are checked against a
// stand-in window here; the demo's end-to-end test covers a real navigation in Chromium.
function stubLocation() {
  const location = { assign: vi.fn(), replace: vi.fn() };
  vi.stubGlobal('window', { location });
  return location;
}

const href = 'https://payments.flowwise.com/checkout/order_1';

it("'assign' navigates with location.assign", () => {
  const location = stubLocation();
  redirectTo(href, 'assign');
  expect(location.assign).toHaveBeenCalledExactlyOnceWith(href);
  expect(location.replace).not.toHaveBeenCalled();
});

it("'replace' navigates with location.replace", () => {
  const location = stubLocation();
  redirectTo(href, 'replace');
  expect(location.replace).toHaveBeenCalledExactlyOnceWith(href);
  expect(location.assign).not.toHaveBeenCalled();
});

it('a value other than the documented ones, from plain JavaScript, is a normal navigation to the verified URL', () => {
  const location = { assign: vi.fn(), replace: vi.fn(), reload: vi.fn() };
  vi.stubGlobal('window', { location });
  redirectTo(href, true as never);
  redirectTo(href, 'reload' as never);
  expect(location.assign.mock.calls).toEqual([[href], [href]]);
  expect(location.reload).not.toHaveBeenCalled();
});

it('false does not navigate, and a function receives the URL', () => {
  const location = stubLocation();
  const redirect = vi.fn();
  redirectTo(href, false);
  redirectTo(href, redirect);
  expect(redirect).toHaveBeenCalledExactlyOnceWith(href);
  expect(location.assign).not.toHaveBeenCalled();
  expect(location.replace).not.toHaveBeenCalled();
});
