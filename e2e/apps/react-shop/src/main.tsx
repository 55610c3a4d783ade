import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createHashRouter, Link, NavLink, Outlet, RouterProvider, useParams } from 'react-router'
import styled, { createGlobalStyle, ThemeProvider } from 'styled-components'
import { cartCount, cartTotal, PRODUCTS, useCart } from './store'

const theme = { accent: '#7c3aed', ink: '#1f2937' }

const GlobalStyle = createGlobalStyle`
  body { margin: 0; font-family: system-ui, sans-serif; color: ${(p) => p.theme.ink}; }
`
const Bar = styled.nav`
  display: flex; gap: 16px; padding: 12px 24px; background: ${(p) => p.theme.accent};
  a { color: white; text-decoration: none; } a.active { font-weight: 700; text-decoration: underline; }
`
const Main = styled.main`padding: 24px;`
const Button = styled.button<{ $primary?: boolean }>`
  border: 0; border-radius: 6px; padding: 6px 12px; cursor: pointer;
  background: ${(p) => (p.$primary ? p.theme.accent : '#e5e7eb')}; color: ${(p) => (p.$primary ? 'white' : 'inherit')};
`

function Layout() {
  const count = useCart((s) => cartCount(s.items))
  return (
    <ThemeProvider theme={theme}>
      <GlobalStyle />
      <Bar>
        <NavLink to="/" end>Home</NavLink>
        <NavLink to="/products">Products</NavLink>
        <NavLink to="/cart" data-testid="cart-link">Cart (<span id="cart-count">{count}</span>)</NavLink>
      </Bar>
      <Main><Outlet /></Main>
    </ThemeProvider>
  )
}

function Home() {
  return <h1 id="page-title">Welcome to the shop</h1>
}

function Products() {
  const add = useCart((s) => s.add)
  return (
    <>
      <h1 id="page-title">Products</h1>
      <ul>
        {PRODUCTS.map((p) => (
          <li key={p.id}>
            <Link to={`/products/${p.id}`}>{p.name}</Link> ${p.price}{' '}
            <Button $primary id={`add-${p.id}`} onClick={() => add(p.id)}>Add to cart</Button>
          </li>
        ))}
      </ul>
    </>
  )
}

function ProductPage() {
  const { id } = useParams()
  const product = PRODUCTS.find((p) => p.id === id)
  return <h1 id="page-title">{product ? product.name : 'Not found'}</h1>
}

function Cart() {
  const { items, clear } = useCart()
  return (
    <>
      <h1 id="page-title">Cart</h1>
      <p id="cart-total">Total: ${cartTotal(items)}</p>
      <Button onClick={clear}>Empty the cart</Button>
    </>
  )
}

const router = createHashRouter([
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <Home /> },
      { path: 'products', element: <Products /> },
      { path: 'products/:id', element: <ProductPage /> },
      { path: 'cart', element: <Cart /> },
    ],
  },
])

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
)
