// Sign in: the token is checked with `me` before it is kept, so a typo is caught here.

import { h, notice, pageHeading } from './dom.mjs';
import { graphql, rememberToken } from './graphql.mjs';

export const title = 'Sign in';

export async function render(view, _argument, { signal, showIdentity }) {
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
          rememberToken(token);
          input.value = '';
          showIdentity(me);
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
  view.append(pageHeading('Sign in'), form, outcome);
}
