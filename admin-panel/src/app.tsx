import { env } from './lib/env';
import { ServiceStatus } from './lib/service-status';

export function App() {
  return (
    <main
      style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 720, margin: '2rem auto', padding: '0 1rem' }}
    >
      <h1>ShopStream Admin</h1>
      <p>Run the shop: products, inventory, orders and fulfilment, users.</p>
      <ServiceStatus name="Commerce API" url={env.VITE_API_URL} />
    </main>
  );
}
