// The header: where you are, where you can go, who you are, and signing out. On a narrow screen
// the links fold behind a Menu button.
import { useState } from 'preact/hooks';
import type { Me } from '../api/types';
import type { Route } from '../router';

const links = [
  { page: 'search', href: '#/search', label: 'Search' },
  { page: 'incidents', href: '#/incidents', label: 'Incidents' },
  { page: 'overview', href: '#/overview', label: 'Overview' },
];

export function Nav({ me, route, onSignOut }: { me: Me; route: Route; onSignOut: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <header class="topbar">
      <a class="brand" href="#/search">
        <img src="favicon.svg" alt="" width="24" height="24" />
        leakwatch
      </a>
      <button
        type="button"
        class="menu-button"
        aria-expanded={open}
        aria-controls="main-nav"
        onClick={() => setOpen(!open)}
      >
        Menu
      </button>
      <nav id="main-nav" class={open ? 'main-nav open' : 'main-nav'} aria-label="Main">
        <ul>
          {links.map((l) => (
            <li key={l.page}>
              <a
                href={l.href}
                aria-current={route.page === l.page ? 'page' : undefined}
                onClick={() => setOpen(false)}
              >
                {l.label}
              </a>
            </li>
          ))}
        </ul>
        <div class="who">
          <span class="who-name" data-role={me.role}>
            {me.name} <span class="role">({me.role})</span>
          </span>
          <button type="button" class="secondary" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </nav>
    </header>
  );
}
