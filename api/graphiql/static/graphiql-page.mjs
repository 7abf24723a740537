// GraphiQL over this origin's /graphql, with the bearer token the user sets in the bar
// above it. React, ReactDOM and GraphiQL are the globals of the scripts the page loads
// before this module runs.

const TOKEN_KEY = 'provenant.graphiql.token';
const ME = 'query Me { me { name role } }';

const tokenInput = document.getElementById('token');
const tokenState = document.getElementById('token-state');
const root = ReactDOM.createRoot(document.getElementById('graphiql'));

/** A `?query=` in the address (as in the approval evidence's lineage link) opens in the editor. */
const linkedQuery = new URLSearchParams(location.search).get('query') ?? undefined;

async function post(body, headers = {}) {
  const token = localStorage.getItem(TOKEN_KEY);
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  });
  return response.json();
}

/** GraphiQL's fetcher: headers typed in its own headers editor win over the token from the bar. */
function fetcher(params, options) {
  return post(params, options?.headers ?? {});
}

let mounts = 0;
/** Mounted afresh after each token change, so the schema is fetched again with the new token. */
function mountGraphiql() {
  mounts += 1;
  root.render(React.createElement(GraphiQL, { key: mounts, fetcher, query: linkedQuery, defaultEditorToolsVisibility: true }));
}

async function showIdentity() {
  if (!localStorage.getItem(TOKEN_KEY)) {
    tokenState.textContent = 'No token set';
    return;
  }
  const answer = await post({ query: ME }).catch((error) => ({ errors: [{ message: error.message }] }));
  const me = answer.data?.me;
  tokenState.textContent = me ? `Using the token of ${me.name} (${me.role})` : `Token refused: ${answer.errors?.[0]?.message ?? 'no answer'}`;
}

document.getElementById('token-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = tokenInput.value.trim();
  if (!token) return;
  localStorage.setItem(TOKEN_KEY, token);
  tokenInput.value = '';
  await showIdentity();
  mountGraphiql();
});

document.getElementById('forget-token').addEventListener('click', async () => {
  localStorage.removeItem(TOKEN_KEY);
  await showIdentity();
  mountGraphiql();
});

await showIdentity();
mountGraphiql();
