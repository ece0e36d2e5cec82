/**
 * The bearer token, entered once and kept for the browser session (sessionStorage: gone when the
 * tab closes, shared by the console and the GraphQL IDE, which are pages of the same origin).
 */
const KEY = 'taizhang.token';

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string): void {
  sessionStorage.setItem(KEY, token.trim().replace(/^Bearer\s+/i, ''));
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}

/** Whether the server mints read-only demo tokens (the embedded case with the demo on). */
export async function demoTokensOffered(): Promise<boolean> {
  try {
    const res = await fetch('/console/config', { headers: { accept: 'application/json' } });
    if (!res.ok) return false;
    const body = (await res.json()) as { demoTokens?: boolean };
    return body.demoTokens === true;
  } catch {
    return false;
  }
}

/** Mints a read-only demo token (POST: a cross-site form cannot send the JSON header it needs). */
export async function mintDemoToken(): Promise<string> {
  const res = await fetch('/console/demo-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: '{}',
  });
  const body = (await res.json()) as { token?: string; error?: { message?: string } };
  if (!res.ok || !body.token) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
  return body.token;
}
