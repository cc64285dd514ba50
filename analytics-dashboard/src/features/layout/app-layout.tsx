import { NavLink, Outlet, useNavigate, useSearchParams } from 'react-router';
import { auth } from '../../services';
import { ServiceFooter } from '../auth/login-page';
import { useAuth } from '../auth/use-auth';
import { reportParams, siteOf } from '../date-range/report-search';
import { ThemeToggle } from '../theme/theme-context';

const SCREENS = [
  { path: '/live', label: 'Live' },
  { path: '/overview', label: 'Overview' },
  { path: '/sales', label: 'Sales' },
  { path: '/behaviour', label: 'Behaviour' },
  { path: '/settings', label: 'Settings' },
];

export function AppLayout() {
  const state = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // Moving between report screens keeps the range and zone, so the comparison stays like for like.
  const carried = reportParams(params);
  // The live view keeps only the site: it has no range.
  const site = siteOf(params);
  const liveParams = site ? `?${new URLSearchParams({ site })}` : '';
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell-header">
        <NavLink to={`/live${liveParams}`} className="brand">
          ShopStream Analytics
        </NavLink>
        <nav aria-label="Screens" className="nav">
          {SCREENS.map((screen) => (
            <NavLink key={screen.path} to={`${screen.path}${screen.path === '/live' ? liveParams : carried}`}>
              {screen.label}
            </NavLink>
          ))}
        </nav>
        <div className="header-end">
          {state.status === 'signed-in' ? (
            <span>
              {state.user.name} <span className="muted">({state.user.role})</span>
            </span>
          ) : null}
          <ThemeToggle />
          <button
            type="button"
            className="button button-small"
            onClick={async () => {
              await auth.logout();
              navigate('/login', { replace: true });
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <ServiceFooter />
    </>
  );
}
