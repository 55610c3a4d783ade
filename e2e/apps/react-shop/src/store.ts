// The cart, in a zustand store (with its persist middleware writing to localStorage: the app's power, not zustand's).
import { create } from 'zustand'
import { persist } from 'zustand/middleware'

export interface Product {
  id: string
  name: string
  price: number
}

export const PRODUCTS: Product[] = [
  { id: 'lamp', name: 'Desk lamp', price: 39 },
  { id: 'mug', name: 'Coffee mug', price: 12 },
  { id: 'plant', name: 'Fern', price: 18 },
]

interface CartState {
  items: Record<string, number>
  add(id: string): void
  clear(): void
}

export const useCart = create<CartState>()(
  persist(
    (set) => ({
      items: {},
      add: (id) => set((state) => ({ items: { ...state.items, [id]: (state.items[id] ?? 0) + 1 } })),
      clear: () => set({ items: {} }),
    }),
    { name: 'shop-cart' },
  ),
)

export const cartCount = (items: Record<string, number>) => Object.values(items).reduce((a, b) => a + b, 0)
export const cartTotal = (items: Record<string, number>) =>
  PRODUCTS.reduce((sum, p) => sum + p.price * (items[p.id] ?? 0), 0)
