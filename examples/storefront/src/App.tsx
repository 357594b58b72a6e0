import { FlowwiseProvider } from '@flowwise/react';
import { ReturnPage } from './ReturnPage';

// The shop's own words for the fields of its own payload (see the merchant endpoint's schema); every
// other error keeps the package's default sentence.
const messages = {
  email: 'Please enter a valid e-mail address, or leave it empty.',
  items: 'Your cart has changed. Please check it and try again.',
};
import { Shop } from './Shop';
import { useCart } from './useCart';

export function App() {
  const cart = useCart();
  const onReturnPage = window.location.pathname === '/return';
  return (
    // The merchant endpoint is on this origin; the checkout page is wherever the server says it is.
    <FlowwiseProvider endpoint="/api/flowwise/orders" checkoutOrigins={__CHECKOUT_ORIGINS__ ?? undefined} messages={messages}>
      <div className="page">
        <header className="topbar">
          <a className="logo" href="/">
            Loom <span>&amp;</span> Leaf
          </a>
          <span className="mode" title="Where the store's merchant endpoint creates orders">
            Flowwise: {__FLOWWISE_MODE__}
          </span>
        </header>
        {onReturnPage ? <ReturnPage clearCart={cart.clear} /> : <Shop {...cart} />}
        <footer className="footer">
          A demo store for <code>@flowwise/react</code>. Prices are re-checked by the store's server before payment.
        </footer>
      </div>
    </FlowwiseProvider>
  );
}
