import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './ide.css';
import { GraphiQL } from 'graphiql';
import { createElement as h, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { clearToken, getToken, setToken } from '../shared/token';
import { named, readmeExamples } from './examples';

/** Every request carries the session's token, read at send time (it may be entered after load). */
async function fetcher(params: unknown, opts?: { headers?: Record<string, unknown> }) {
  const token = getToken();
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: {
      ...(opts?.headers as Record<string, string> | undefined),
      'content-type': 'application/json',
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(params),
  });
  return res.json();
}

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
        fetcher: fetcher as never,
        defaultTabs: tabs,
        storage: sessionStore,
        shouldPersistHeaders: false,
        defaultEditorToolsVisibility: false,
      }),
    ),
  );
}

createRoot(document.getElementById('ide')!).render(h(App));
