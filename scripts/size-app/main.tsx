// A store as an app would build it: two routes, each loaded when the shopper opens it. scripts/size-app.ts
// builds it with the package and with a stub of it (stub.tsx) and compares what each route loads.
import { lazy, Suspense } from 'react';
import { createRoot } from 'react-dom/client';

const ProductPage = lazy(() => import('./ProductPage'));
const ReturnPage = lazy(() => import('./ReturnPage'));

function App() {
  return <Suspense fallback={null}>{location.pathname.startsWith('/return') ? <ReturnPage /> : <ProductPage />}</Suspense>;
}

createRoot(document.getElementById('root')!).render(<App />);
