import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { clearToken, getToken } from '../shared/token';
import { gql } from './api';
import { AccountabilityPage } from './pages/accountability';
import { BoardPage, prefetchBoard } from './pages/board';
import { DisclosuresPage } from './pages/disclosures';
import { LedgerPage } from './pages/ledger';
import { RecordPage } from './pages/record';
import { SignIn } from './pages/sign-in';
import { TasksPage } from './pages/tasks';
import { href, parseRoute, useRoute } from './router';
import type { MeView } from './types';
import './style.css';

const NAV = [
  ['board', '挂图作战', 'Board'],
  ['tasks', '整改任务', 'Tasks'],
  ['accountability', '责任追究', 'Accountability'],
  ['disclosures', '信息公开', 'Disclosures'],
  ['ledger', '总台账', 'Ledger'],
] as const;

function App() {
  const route = useRoute();
  const [signedIn, setSignedIn] = useState(!!getToken());
  const [me, setMe] = useState<MeView | null>(null);
  useEffect(() => {
    if (!signedIn) return;
    gql<{ me: MeView }>('{ me { id name roles organisation region } }').then(
      (d) => setMe(d.me),
      () => {
        // An expired or revoked token: back to sign-in.
        clearToken();
        setSignedIn(false);
      },
    );
  }, [signedIn]);
  const page = route.path[0] ?? 'board';
  let body;
  if (!signedIn) body = <SignIn onSignedIn={() => setSignedIn(true)} />;
  else if (page === 'tasks') body = <TasksPage route={route} />;
  else if (page === 'record') body = <RecordPage route={route} />;
  else if (page === 'accountability') body = <AccountabilityPage route={route} />;
  else if (page === 'disclosures') body = <DisclosuresPage route={route} />;
  else if (page === 'ledger') body = <LedgerPage route={route} />;
  else body = <BoardPage route={route} />;
  return (
    <>
      <a class="skip" href="#main">
        跳到正文 Skip to content
      </a>
      <header class="top">
        <a class="brand" href={href('board')}>
          台账 <small>Taizhang</small>
        </a>
        <nav aria-label="主导航 Main">
          <ul>
            {NAV.map(([p, zh, en]) => (
              <li key={p}>
                <a href={href(p)} aria-current={page === p ? 'page' : undefined}>
                  {zh} <small>{en}</small>
                </a>
              </li>
            ))}
            <li>
              <a href="/graphql">
                GraphQL <small>IDE</small>
              </a>
            </li>
          </ul>
        </nav>
        {signedIn && (
          <div class="who">
            {me && (
              <span data-testid="me">
                {me.name}（{me.roles.join('、')}，{me.organisation}）
              </span>
            )}
            <button
              type="button"
              class="secondary"
              onClick={() => {
                clearToken();
                setMe(null);
                setSignedIn(false);
              }}
            >
              退出 Sign out
            </button>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {body}
      </main>
    </>
  );
}

// A board opened by its address (a wall screen's bookmark) asks for its numbers at once.
if (getToken()) prefetchBoard(parseRoute());
render(<App />, document.getElementById('app')!);
