// The shell: routes `#/<page>/<argument>` to a page module, tracks who is signed in, and
// gives each page an AbortSignal that fires when the reader moves on, so a slow answer or
// a refresh timer never writes into the next page.

import { h, notice } from './dom.mjs';
import { closeSession, forgetToken, graphql, openSession, signedInToken } from './graphql.mjs';
import * as approvalsPage from './approvals-page.mjs';
import * as lineagePage from './lineage-page.mjs';
import * as provenancePage from './provenance-page.mjs';
import * as runsPage from './runs-page.mjs';
import * as signInPage from './sign-in-page.mjs';

const PAGES = { runs: runsPage, approvals: approvalsPage, lineage: lineagePage, provenance: provenancePage, signin: signInPage };

const main = document.getElementById('main');
const identity = document.getElementById('identity');
let leaving = new AbortController();

/** `#/runs/pipeline%3Aweather%3A1` → the runs page with argument `pipeline:weather:1`. */
function routeOf(hash) {
  const match = /^#\/([a-z]+)(?:\/(.+))?$/.exec(hash);
  if (match && match[1] in PAGES) return { name: match[1], argument: match[2] ? decodeURIComponent(match[2]) : null };
  return { name: signedInToken() ? 'runs' : 'signin', argument: null };
}

function showIdentity(me) {
  if (!me) {
    identity.replaceChildren('Not signed in');
    return;
  }
  const signOut = h('button', { type: 'button', class: 'secondary', onclick: async () => {
    forgetToken();
    await closeSession();
    showIdentity(null);
    location.hash = '#/signin';
  } }, 'Sign out');
  identity.replaceChildren(h('span', { 'data-testid': 'identity' }, `Signed in as ${me.name} (${me.role})`), ' ', signOut);
}

async function render() {
  leaving.abort();
  leaving = new AbortController();
  const { signal } = leaving;
  const { name, argument } = routeOf(location.hash);
  const page = PAGES[name];
  for (const link of document.querySelectorAll('nav a[data-route]')) {
    if (link.dataset.route === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${page.title} · Provenant`;
  const view = h('div', { class: `page page-${name}` });
  main.replaceChildren(view);
  try {
    await page.render(view, argument, { signal, showIdentity });
  } catch (error) {
    if (signal.aborted) return;
    view.append(notice('error', error.message));
    if (error.code === 'UNAUTHENTICATED') view.append(h('p', {}, h('a', { href: '#/signin' }, 'Sign in')));
  }
  // Keyboard and screen-reader users land on the new page's heading, as after a page load.
  if (!signal.aborted) view.querySelector('h1')?.focus();
}

async function start() {
  document.querySelector('.skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
  window.addEventListener('hashchange', render);
  const token = signedInToken();
  if (token) {
    const me = await graphql('query Me { me { name role } }', {}, { token }).then(
      (data) => data.me,
      () => null,
    );
    showIdentity(me);
    // A browser signed in before report links took the session cookie gets it now.
    if (me) await openSession(token).catch(() => undefined);
  }
  await render();
}

start();
