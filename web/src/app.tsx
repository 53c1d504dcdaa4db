// The shell: signing in and out, the header, the page of the current route, and the keyboard
// shortcut `/` for the search box.
import { useEffect, useRef, useState } from 'preact/hooks';
import { onUnauthorized } from './api/client';
import * as api from './api/routes';
import type { Me } from './api/types';
import { ErrorNote, Loading } from './components/ErrorNote';
import { Nav } from './components/Nav';
import { HostPage } from './pages/HostPage';
import { IncidentsPage } from './pages/IncidentsPage';
import { LoginPage } from './pages/LoginPage';
import { OverviewPage } from './pages/OverviewPage';
import { SearchPage } from './pages/SearchPage';
import { navigate, useRoute, type Route } from './router';
import { signIn, signOut, token } from './session';

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

export function App() {
  const route = useRoute();
  const [me, setMe] = useState<Me | null>(null);
  const [meError, setMeError] = useState<Error | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const wanted = useRef<string>('#/search');
  const main = useRef<HTMLElement>(null);

  useEffect(
    () =>
      onUnauthorized((message) => {
        signOut();
        setMe(null);
        setNotice(`You were signed out: ${message}`);
      }),
    [],
  );

  // A tab reloaded while signed in: find out who the kept token belongs to.
  useEffect(() => {
    if (me || !token()) return;
    api.me().then(setMe, (e: unknown) => setMeError(e as Error));
  }, [me]);

  // Signed in already: the login page leads on to the page wanted.
  useEffect(() => {
    if (token() && route.page === 'login') navigate(wanted.current === '#/login' ? '#/search' : wanted.current);
  }, [route.page, me]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
      if (!token()) return;
      e.preventDefault();
      if (route.page !== 'search') navigate('#/search');
      setFocusRequest((n) => n + 1);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [route.page]);

  if (!token()) {
    if (route.page !== 'login') wanted.current = location.hash || '#/search';
    return (
      <LoginPage
        notice={notice}
        onSignedIn={(t, who) => {
          signIn(t);
          setNotice(null);
          setMeError(null);
          setMe(who);
          navigate(wanted.current === '#/login' ? '#/search' : wanted.current);
        }}
      />
    );
  }
  if (!me) {
    return (
      <main id="main" class="page">
        {meError ? <ErrorNote error={meError} what="Who you are could not be read" /> : <Loading what="your session" />}
      </main>
    );
  }
  const leave = () => {
    signOut();
    setMe(null);
    setNotice('You signed out.');
    navigate('#/login');
  };
  return (
    <>
      <a
        class="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          main.current?.focus();
        }}
      >
        Skip to content
      </a>
      <Nav me={me} route={route} onSignOut={leave} />
      <main id="main" ref={main} tabIndex={-1}>
        <Page route={route} me={me} focusRequest={focusRequest} />
      </main>
    </>
  );
}

function Page({ route, me, focusRequest }: { route: Route; me: Me; focusRequest: number }) {
  switch (route.page) {
    case 'search':
      return <SearchPage query={route.query} focusRequest={focusRequest} />;
    case 'host':
      return <HostPage ip={route.ip} />;
    case 'incidents':
      return <IncidentsPage me={me} />;
    case 'overview':
      return <OverviewPage />;
    case 'login':
      return <Loading what="the page" />;
    case 'unknown':
      return (
        <div class="page">
          <h1>Not found</h1>
          <p>
            There is no page <code>{route.path}</code>. Try <a href="#/search">Search</a>.
          </p>
        </div>
      );
  }
}
