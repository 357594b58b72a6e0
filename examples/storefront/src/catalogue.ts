/**
 * The store's products, shared by the page (to show them) and the merchant endpoint (to price an
 * order). Prices are in paise, so that totals are exact.
 */
export interface Product {
  id: string;
  name: string;
  description: string;
  pricePaise: number;
  /** Two letters and two colours for the product's swatch. */
  monogram: string;
  colors: [string, string];
}

export const CURRENCY = 'INR';

export const products: readonly Product[] = [
  {
    id: 'linen-shirt',
    monogram: 'LS',
    name: 'Linen shirt',
    description: 'Breathable, relaxed fit, stone-washed.',
    pricePaise: 149_900,
    colors: ['#d9c8a9', '#b59b6e'],
  },
  {
    id: 'canvas-tote',
    monogram: 'CT',
    name: 'Canvas tote',
    description: 'Heavy cotton canvas with a zip pocket.',
    pricePaise: 69_900,
    colors: ['#a8c3b4', '#5f8a74'],
  },
  {
    id: 'ceramic-mug',
    monogram: 'CM',
    name: 'Ceramic mug',
    description: 'Hand-glazed, 350 ml, dishwasher safe.',
    pricePaise: 34_950,
    colors: ['#9fb6d9', '#4d6fa6'],
  },
  {
    id: 'dot-notebook',
    monogram: 'DN',
    name: 'Dot-grid notebook',
    description: 'A5, 160 pages of 100 gsm paper.',
    pricePaise: 24_900,
    colors: ['#e6a9a0', '#c0584a'],
  },
];

export const MAX_QUANTITY = 10;

/** Product id → quantity. */
export type Cart = Record<string, number>;

export function findProduct(id: string): Product | undefined {
  return products.find((product) => product.id === id);
}

export function cartTotalPaise(cart: Cart): number {
  return Object.entries(cart).reduce((sum, [id, quantity]) => sum + (findProduct(id)?.pricePaise ?? 0) * quantity, 0);
}

export function formatPaise(paise: number): string {
  return new Intl.NumberFormat('en-IN', { style: 'currency', currency: CURRENCY }).format(paise / 100);
}

/**
 * What the page posts to the merchant endpoint: the products and quantities the shopper chose, and an
 * optional e-mail for the receipt. No price: the endpoint prices the cart from `products`.
 */
export interface CheckoutPayload {
  items: Array<{ id: string; quantity: number }>;
  email?: string;
}

/** The payload for `cart`. */
export function checkoutPayload(cart: Cart, email: string): CheckoutPayload {
  return {
    items: Object.entries(cart)
      .filter(([, quantity]) => quantity > 0)
      .map(([id, quantity]) => ({ id, quantity })),
    ...(email && { email }),
  };
}

/** "2 × Linen shirt, 1 × Ceramic mug" */
export function describeCart(cart: Cart): string {
  return Object.entries(cart)
    .map(([id, quantity]) => `${quantity} × ${findProduct(id)?.name ?? id}`)
    .join(', ');
}
