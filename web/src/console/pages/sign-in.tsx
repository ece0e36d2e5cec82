import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api';
import { clearToken, demoTokensOffered, mintDemoToken, setToken } from '../../shared/token';

/**
 * Sign-in by pasting a bearer token (the console never sees a password). In the embedded case with
 * the demo loaded, the server also offers a read-only demo token.
 */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [token, setText] = useState('');
  const [error, setError] = useState<string>();
  const [demo, setDemo] = useState(false);
  useEffect(() => {
    // bench:console-board's baseline: the sign-in form on screen.
    performance.mark('taizhang:sign-in');
    void demoTokensOffered().then(setDemo);
  }, []);
  const use = async (t: string) => {
    setError(undefined);
    setToken(t);
    try {
      await gql<{ me: { name: string } }>('{ me { name } }');
      onSignedIn();
    } catch (e) {
      clearToken();
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">登录 Sign in</h1>
      <p>
        粘贴您的令牌（仅保存在本浏览器会话中，关闭标签页即清除）。
        <br />
        Paste your bearer token: it is kept for this browser session only.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void use(token);
        }}
      >
        <label class="field">
          <span>令牌 Token</span>
          <textarea
            name="token"
            rows={4}
            value={token}
            onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
            required
          />
        </label>
        <button type="submit">登录 Sign in</button>
      </form>
      {demo && (
        <p>
          <button
            type="button"
            class="secondary"
            onClick={() =>
              void mintDemoToken().then(use, (e: unknown) =>
                setError(e instanceof Error ? e.message : String(e)),
              )
            }
          >
            使用只读演示令牌 Use a read-only demo token
          </button>
        </p>
      )}
      {error && (
        <p class="problem" role="alert">
          {error}
        </p>
      )}
      <p class="muted">
        在服务器上签发 Mint one on the server:{' '}
        <code>npm run -s taizhang -- token --role AUDITOR --org 审计厅</code>
      </p>
    </section>
  );
}
