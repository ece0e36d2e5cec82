import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './ide.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createClient } from 'graphql-ws';
import { createElement as h, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { clearToken, getToken, setToken } from '../shared/token';
import { named, readmeExamples } from './examples';

/** Every request carries the session's token, read at send time (it may be entered after load). */
function withToken(headers?: HeadersInit): Headers {
  const h = new Headers(headers);
  const token = getToken();
  if (token) h.set('authorization', `Bearer ${token}`);
  return h;
}

/**
 * Subscriptions run over graphql-ws on the same address (`ws:` or `wss:` as the page), the token
 * going in connection_init, where the server authenticates a socket. `lazy`: a socket is opened for
 * the first subscription and closed after the last, so each new one is signed with the token the
 * session holds then; a token saved or cleared in the bar ends the open socket (`terminate`).
 */
const wsClient = createClient({
  url: `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`,
  lazy: true,
  retryAttempts: 0,
  connectionParams: () => {
    const token = getToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  },
});

const fetcher = createGraphiQLFetcher({
  url: '/graphql',
  wsClient,
  // Plain JSON over POST: the API has no incremental delivery to stream.
  enableIncrementalDelivery: false,
  fetch: (input, init) => fetch(input, { ...init, headers: withToken(init?.headers) }),
});

const WELCOME = `# 台账 Taizhang GraphQL IDE
# 令牌已保存在本浏览器会话中时，每个请求都会带上它。
# Each request carries the token kept for this browser session.
# 示例查询在各标签页中 / The README's examples are in the tabs above.
query Me {
  me {
    name
    roles
    organisation
  }
}
`;

/** Tabs and editors persist for the browser session only, like the token. */
const sessionStore = {
  getItem: (k: string) => sessionStorage.getItem(k),
  setItem: (k: string, v: string) => sessionStorage.setItem(k, v),
  removeItem: (k: string) => sessionStorage.removeItem(k),
  clear: () => sessionStorage.clear(),
  get length() {
    return sessionStorage.length;
  },
};

function TokenBar() {
  const [token, setShown] = useState(getToken());
  const [draft, setDraft] = useState('');
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.trim()) return;
    setToken(draft);
    wsClient.terminate();
    setShown(getToken());
    setDraft('');
  };
  return h(
    'header',
    { className: 'tz-bar' },
    h('a', { href: '/', className: 'tz-brand' }, '台账 Taizhang'),
    h('span', { className: 'tz-title' }, 'GraphQL IDE'),
    token
      ? h(
          'span',
          { className: 'tz-token', 'data-testid': 'ide-token' },
          '令牌已设置（本会话）Token set for this session ',
          h(
            'button',
            {
              type: 'button',
              onClick: () => {
                clearToken();
                wsClient.terminate();
                setShown(null);
              },
            },
            '清除 Clear',
          ),
        )
      : h(
          'form',
          { onSubmit: save, className: 'tz-token' },
          h(
            'label',
            null,
            '令牌 Token ',
            h('input', {
              type: 'password',
              name: 'token',
              value: draft,
              autoComplete: 'off',
              onChange: (e: { target: { value: string } }) => setDraft(e.target.value),
            }),
          ),
          h('button', { type: 'submit' }, '保存 Save'),
        ),
  );
}

function App() {
  const tabs = [{ query: WELCOME }, ...readmeExamples().map((e) => ({ query: `${named(e)}\n` }))];
  return h(
    'div',
    { className: 'tz-ide' },
    h(TokenBar),
    h(
      'main',
      { className: 'tz-graphiql' },
      h(GraphiQL, {
        fetcher,
        defaultTabs: tabs,
        storage: sessionStore,
        shouldPersistHeaders: false,
        defaultEditorToolsVisibility: false,
      }),
    ),
  );
}

createRoot(document.getElementById('ide')!).render(h(App));
