import { FlowwiseCheckoutButton } from '@flowwise/react';
import { useState } from 'react';
import { cartTotalPaise, checkoutPayload, findProduct, formatPaise, MAX_QUANTITY, products, type Cart } from './catalogue';

interface ShopProps {
  cart: Cart;
  add: (id: string) => void;
  setQuantity: (id: string, quantity: number) => void;
}

export function Shop({ cart, add, setQuantity }: ShopProps) {
  const [email, setEmail] = useState('');
  const lines = Object.entries(cart).filter(([id]) => findProduct(id));
  const count = lines.reduce((sum, [, quantity]) => sum + quantity, 0);
  const total = cartTotalPaise(cart);

  return (
    <main className="shop">
      <section aria-labelledby="products-heading">
        <h1 id="products-heading">Everyday goods, made slowly</h1>
        <ul className="products">
          {products.map((product) => (
            <li key={product.id} className="product">
              <div
                className="swatch"
                aria-hidden="true"
                style={{ background: `linear-gradient(135deg, ${product.colors[0]}, ${product.colors[1]})` }}
              >
                {product.monogram}
              </div>
              <h2>{product.name}</h2>
              <p>{product.description}</p>
              <div className="product-footer">
                <span className="price">{formatPaise(product.pricePaise)}</span>
                <button
                  type="button"
                  className="button secondary"
                  aria-label={`Add ${product.name} to cart`}
                  disabled={(cart[product.id] ?? 0) >= MAX_QUANTITY}
                  onClick={() => add(product.id)}
                >
                  Add to cart
                </button>
              </div>
            </li>
          ))}
        </ul>
      </section>

      <aside className="cart" aria-labelledby="cart-heading">
        <h2 id="cart-heading">
          Cart <span className="count">{count}</span>
        </h2>
        {lines.length === 0 ? (
          <p className="empty">Your cart is empty.</p>
        ) : (
          <ul className="lines">
            {lines.map(([id, quantity]) => {
              const product = findProduct(id)!;
              return (
                <li key={id} className="line">
                  <span className="line-name">{product.name}</span>
                  <span className="stepper">
                    <button type="button" aria-label={`One less ${product.name}`} onClick={() => setQuantity(id, quantity - 1)}>
                      −
                    </button>
                    <span aria-label={`${product.name} quantity`}>{quantity}</span>
                    <button
                      type="button"
                      aria-label={`One more ${product.name}`}
                      disabled={quantity >= MAX_QUANTITY}
                      onClick={() => setQuantity(id, quantity + 1)}
                    >
                      +
                    </button>
                  </span>
                  <span className="line-total">{formatPaise(product.pricePaise * quantity)}</span>
                </li>
              );
            })}
          </ul>
        )}
        <div className="total">
          <span>Total</span>
          <span data-testid="cart-total">{formatPaise(total)}</span>
        </div>
        <label className="field">
          <span>E-mail for the receipt (optional)</span>
          <input type="email" value={email} placeholder="you@example.com" onChange={(event) => setEmail(event.target.value)} />
        </label>
        <FlowwiseCheckoutButton
          className="button primary pay"
          // What the shopper chose, as it is at the click; the store's server prices it.
          order={checkoutPayload(cart, email.trim())}
          disabled={lines.length === 0}
          // A mouse press starts the order (a touch or the keyboard still waits for the click): the
          // checkout page arrives as much sooner as the press lasts.
          startOn="pointerdown"
          pendingChildren="Redirecting to payment…"
        >
          {lines.length === 0 ? 'Pay' : `Pay ${formatPaise(total)}`}
        </FlowwiseCheckoutButton>
      </aside>
    </main>
  );
}
