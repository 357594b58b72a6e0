import { FlowwiseError } from '@flowwise/react';
import { z } from 'zod';

/** What the store sells, at what price. The server prices every order from here, never from the browser. */
export const catalogue: Record<string, { name: string; description: string; price: number }> = {
  tee: { name: 'Organic cotton tee', description: 'Heavyweight, garment-dyed, made to last.', price: 799 },
};

/** What the browser posts: product ids and quantities, nothing else. */
export const cartSchema = z.object({
  items: z
    .array(z.object({ sku: z.string(), quantity: z.int().min(1).max(10) }))
    .min(1)
    .max(20),
});
export type Cart = z.infer<typeof cartSchema>;

/** The amount and a note for a cart, from the catalogue; a product no longer sold is the shopper's to fix. */
export function priceCart(cart: Cart) {
  const lines = cart.items.map(({ sku, quantity }) => {
    const product = catalogue[sku];
    // A FlowwiseError of kind `validation` becomes a 400 with this code. The shopper sees the provider's
    // `messages.unknown_product` (or the generic sentence); this message is the developer's `detail`.
    if (!product)
      throw new FlowwiseError('validation', 'Something in your cart is no longer sold. Please refresh the page.', {
        code: 'unknown_product',
      });
    return { product, quantity };
  });
  return {
    order_amount: lines.reduce((sum, { product, quantity }) => sum + product.price * quantity, 0),
    order_currency: 'INR',
    order_note: lines.map(({ product, quantity }) => `${quantity} × ${product.name}`).join(', '),
  };
}

export const formatPrice = (amount: number) => new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' }).format(amount);
