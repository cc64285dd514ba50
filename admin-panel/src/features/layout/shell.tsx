import { type ReactNode, useEffect, useState } from 'react';
import { NavLink, useLocation } from 'react-router';
import { useCurrentUser, useSession } from '../../lib/session';

const links = [
  { to: '/', label: 'Home', end: true },
  { to: '/orders', label: 'Orders' },
  { to: '/returns', label: 'Returns' },
  { to: '/products', label: 'Products' },
  { to: '/categories', label: 'Categories' },
  { to: '/inventory', label: 'Inventory' },
  { to: '/import', label: 'CSV import/export' },
  { to: '/discounts', label: 'Discount codes' },
  { to: '/customers', label: 'Customers' },
  { to: '/settings', label: 'Shop settings', adminOnly: true },
];

/** The sidebar; on a phone it collapses behind a Menu button and closes again after each navigation. */
export function Shell({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  const { logout } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: closes on every navigation
  useEffect(() => setMenuOpen(false), [pathname]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar" data-menu={menuOpen ? 'open' : 'closed'}>
        <div className="sidebar-top">
          <p className="brand">ShopStream Admin</p>
          <button
            type="button"
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls="main-navigation"
            onClick={() => setMenuOpen(!menuOpen)}
          >
            Menu
          </button>
        </div>
        <div className="sidebar-body" id="main-navigation">
          <nav aria-label="Main">
            <ul>
              {links
                .filter((link) => !('adminOnly' in link) || user.role === 'admin')
                .map((link) => (
                  <li key={link.to}>
                    <NavLink to={link.to} end={link.end}>
                      {link.label}
                    </NavLink>
                  </li>
                ))}
            </ul>
          </nav>
          <div className="whoami">
            <span data-testid="signed-in-as">{user.email}</span>
            <span className="muted">{user.role}</span>
            <button type="button" className="secondary" onClick={() => void logout()}>
              Sign out
            </button>
          </div>
        </div>
      </aside>
      <main id="main" className="content">
        {children}
      </main>
    </div>
  );
}
