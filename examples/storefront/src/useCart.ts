import { useCallback, useEffect, useState } from 'react';
import { findProduct, MAX_QUANTITY, type Cart } from './catalogue';

const STORAGE_KEY = 'loom-and-leaf-cart';

function load(): Cart {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Cart;
    return Object.fromEntries(
      Object.entries(saved).filter(([id, quantity]) => findProduct(id) && Number.isInteger(quantity) && quantity > 0),
    );
  } catch {
    return {};
  }
}

/** The cart, kept in localStorage so that it survives the trip to the checkout page and back. */
export function useCart() {
  const [cart, setCart] = useState<Cart>(load);
  useEffect(() => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(cart));
  }, [cart]);

  const setQuantity = useCallback((id: string, quantity: number) => {
    setCart((current) => {
      const next = { ...current };
      if (quantity <= 0) delete next[id];
      else next[id] = Math.min(quantity, MAX_QUANTITY);
      return next;
    });
  }, []);
  const add = useCallback((id: string) => setCart((c) => ({ ...c, [id]: Math.min((c[id] ?? 0) + 1, MAX_QUANTITY) })), []);
  const clear = useCallback(() => setCart({}), []);

  return { cart, add, setQuantity, clear };
}
