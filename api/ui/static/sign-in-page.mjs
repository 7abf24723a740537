// Sign in: the token is checked with `me` before it is kept, so a typo is caught here.
// `#/signin/<path>` is where a page opened by link (a drift report) sends a browser that
// is not signed in; once signed in, it goes back there.

import { h, notice, pageHeading } from './dom.mjs';
import { graphql, openSession, rememberToken, signedInToken } from './graphql.mjs';

export const title = 'Sign in';

/** Only this API's own report pages: a return link can never lead off this origin. */
const RETURN_PATH = /^\/reports\/drift\/[A-Za-z0-9-]+$/;

/** The report this tab was last sent back to without asking: sent here again, the cookie did not work, so the form shows. */
const RETURNED_KEY = 'provenant.returnedTo';

export async function render(view, argument, { signal, showIdentity }) {
  const returnTo = argument && RETURN_PATH.test(argument) ? argument : null;
  const alreadySignedIn = signedInToken();
  if (returnTo && alreadySignedIn && sessionStorage.getItem(RETURNED_KEY) !== returnTo) {
    const opened = await openSession(alreadySignedIn).then(() => true, () => false);
    if (opened) {
      sessionStorage.setItem(RETURNED_KEY, returnTo);
      location.assign(returnTo);
      return;
    }
  }
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true });
  const outcome = h('div', { class: 'outcome' });
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    {
      class: 'sign-in',
      onsubmit: async (event) => {
        event.preventDefault();
        const token = input.value.trim();
        submit.disabled = true;
        try {
          const { me } = await graphql('query Me { me { name role } }', {}, { token, signal });
          await openSession(token);
          rememberToken(token);
          input.value = '';
          showIdentity(me);
          if (returnTo) {
            sessionStorage.removeItem(RETURNED_KEY);
            location.assign(returnTo);
            return;
          }
          outcome.replaceChildren(
            notice('success', `Signed in as ${me.name} (${me.role}).`),
            h('p', {}, 'Go to the ', h('a', { href: '#/runs' }, 'pipeline runs'), ' or the ', h('a', { href: '#/approvals' }, 'approval queue'), '.'),
          );
        } catch (error) {
          outcome.replaceChildren(notice('error', error.message));
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('label', { for: 'token' }, 'Bearer token'),
    h('p', { class: 'hint', id: 'token-hint' }, 'A token from PROVENANT_API_TOKENS (npm start prints the admin token). It is kept in this browser tab only and sent to the API as Authorization: Bearer.'),
    input,
    submit,
  );
  input.setAttribute('aria-describedby', 'token-hint');
  const reason = returnTo ? [notice('info', 'Sign in to open the drift report you followed a link to.')] : [];
  view.append(pageHeading('Sign in'), ...reason, form, outcome);
}
