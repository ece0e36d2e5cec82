import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, SignJWT, type CryptoKey, type KeyObject } from 'jose';
import { JWKS_RECHECK_MS, loadTokenKeys, reloadingKeySet } from '../../src/auth/token-keys.js';
import { mintToken, verifyToken } from '../../src/auth/tokens.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const claims = { name: '张三', roles: ['IMPLEMENTING_ENTITY'], org: '南昌市人民政府' };

function sign(
  key: KeyObject | CryptoKey | Uint8Array,
  alg: string,
  opts: { kid?: string; iss?: string; exp?: string | number } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg, ...(opts.kid ? { kid: opts.kid } : {}) })
    .setSubject('u-1')
    .setIssuer(opts.iss ?? 'https://idp.example.gov.cn')
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '1h')
    .sign(key);
}

describe('tokens', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'taizhang-auth-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const config = (env: Record<string, string> = {}) => loadConfig({ DATA_DIR: dir, ...env });

  it('embedded HS256: first start creates the key; minted tokens verify into an actor', async () => {
    const keys = loadTokenKeys(config());
    expect(keys.mode).toBe('embedded');
    const token = await mintToken(keys.signingKey!, {
      subject: 'city:1',
      name: '赣州市政府',
      roles: ['CITY_GOVERNMENT'],
      organisation: '赣州市人民政府',
      region: '360700',
      ttl: '1h',
    });
    const actor = await verifyToken(keys.verification, token);
    expect(actor).toMatchObject({
      id: 'city:1',
      name: '赣州市政府',
      roles: ['CITY_GOVERNMENT'],
      organisation: '赣州市人民政府',
      region: '360700',
    });
    expect(actor.expiresAt).toBeGreaterThan(Date.now() / 1000);
    // The same key is reused on the next start.
    expect(loadTokenKeys(config()).signingKey).toEqual(keys.signingKey);
  });

  it('expired, badly signed, malformed, unsigned and claim-less tokens are UNAUTHENTICATED', async () => {
    const keys = loadTokenKeys(config());
    const other = loadTokenKeys(loadConfig({ DATA_DIR: join(dir, 'other') }));
    const ok = await mintToken(keys.signingKey!, {
      subject: 's',
      name: 'n',
      roles: ['AUDITOR'],
      organisation: 'o',
    });
    const expired = await mintToken(
      keys.signingKey!,
      { subject: 's', name: 'n', roles: ['AUDITOR'], organisation: 'o' },
      new Date(Date.now() - 9 * 3600_000),
    );
    const foreign = await mintToken(other.signingKey!, {
      subject: 's',
      name: 'n',
      roles: ['AUDITOR'],
      organisation: 'o',
    });
    const [h, p] = ok.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${p}.`;
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), roles: ['ADMIN'] })).toString('base64url')}.${ok.split('.')[2]}`;
    const noRoles = await new SignJWT({ org: 'o' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setIssuer('taizhang')
      .setExpirationTime('1h')
      .sign(keys.signingKey!);
    const unknownRole = await new SignJWT({ org: 'o', roles: ['SUPERUSER'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setIssuer('taizhang')
      .setExpirationTime('1h')
      .sign(keys.signingKey!);
    const noExpiry = await new SignJWT({ org: 'o', roles: ['AUDITOR'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setIssuer('taizhang')
      .sign(keys.signingKey!);
    const wrongIssuer = await new SignJWT({ org: 'o', roles: ['AUDITOR'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setIssuer('evil')
      .setExpirationTime('1h')
      .sign(keys.signingKey!);
    await expect(verifyToken(keys.verification, ok)).resolves.toMatchObject({ id: 's' });
    await expect(verifyToken(keys.verification, expired)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      en: expect.stringMatching(/expired/),
    });
    for (const bad of [
      foreign,
      unsigned,
      tampered,
      noRoles,
      unknownRole,
      noExpiry,
      wrongIssuer,
      'a.b.c',
      'garbage',
      '',
    ]) {
      await expect(verifyToken(keys.verification, bad)).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
      });
    }
  });

  it('production EdDSA: verifies with the public key file and refuses HS256 tokens', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const file = join(dir, 'idp.pem');
    writeFileSync(file, publicKey.export({ type: 'spki', format: 'pem' }));
    const keys = loadTokenKeys(
      config({ AUTH_PUBLIC_KEY_FILE: file, AUTH_ISSUER: 'https://idp.example.gov.cn' }),
    );
    expect(keys.mode).toBe('public-key');
    expect(keys.signingKey).toBeUndefined();
    await expect(
      verifyToken(keys.verification, await sign(privateKey, 'EdDSA')),
    ).resolves.toMatchObject({ id: 'u-1', organisation: '南昌市人民政府' });
    // An HS256 token "signed" with the public key bytes (algorithm confusion) is refused.
    const confused = await sign(
      new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
      'HS256',
    );
    await expect(verifyToken(keys.verification, confused)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await expect(
      verifyToken(keys.verification, await sign(privateKey, 'EdDSA', { iss: 'taizhang' })),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('production RS256 through a JWKS file, choosing the key by kid', async () => {
    const a = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const b = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwks = {
      keys: [
        { ...(await exportJWK(a.publicKey)), kid: 'a', alg: 'RS256', use: 'sig' },
        { ...(await exportJWK(b.publicKey)), kid: 'b', alg: 'RS256', use: 'sig' },
      ],
    };
    const file = join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify(jwks));
    const keys = loadTokenKeys(
      config({ AUTH_JWKS_FILE: file, AUTH_ISSUER: 'https://idp.example.gov.cn' }),
    );
    expect(keys.mode).toBe('jwks');
    await expect(
      verifyToken(keys.verification, await sign(b.privateKey, 'RS256', { kid: 'b' })),
    ).resolves.toMatchObject({ id: 'u-1' });
    await expect(
      verifyToken(keys.verification, await sign(b.privateKey, 'RS256', { kid: 'a' })),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expect(
      verifyToken(keys.verification, await sign(stranger.privateKey, 'RS256', { kid: 'a' })),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('follows a rotated JWKS file without a restart; a broken replacement keeps the keys in use', async () => {
    const [a, b] = [0, 1].map(() => generateKeyPairSync('rsa', { modulusLength: 2048 }));
    const jwk = async (pair: typeof a, kid: string) => ({
      ...(await exportJWK(pair.publicKey)),
      kid,
      alg: 'RS256',
      use: 'sig',
    });
    const file = join(dir, 'rotating.json');
    let second = 0;
    // Each write gets its own modification time, as a real replacement of the file would.
    const write = (text: string) => {
      writeFileSync(file, text);
      second += 10;
      utimesSync(file, second, second);
    };
    write(JSON.stringify({ keys: [await jwk(a, 'a')] }));
    let clock = 0;
    const verification = {
      key: reloadingKeySet(file, { keys: [await jwk(a, 'a')] }, () => clock),
      algorithms: ['RS256'],
      issuer: 'https://idp.example.gov.cn',
    };
    const byA = await sign(a.privateKey, 'RS256', { kid: 'a' });
    const byB = await sign(b.privateKey, 'RS256', { kid: 'b' });
    await expect(verifyToken(verification, byA)).resolves.toMatchObject({ id: 'u-1' });
    await expect(verifyToken(verification, byB)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

    // The provider adds key b: a token naming it is accepted at once.
    write(JSON.stringify({ keys: [await jwk(a, 'a'), await jwk(b, 'b')] }));
    await expect(verifyToken(verification, byB)).resolves.toMatchObject({ id: 'u-1' });

    // It withdraws key a: refused once the file is looked at again, within JWKS_RECHECK_MS.
    write(JSON.stringify({ keys: [await jwk(b, 'b')] }));
    await expect(verifyToken(verification, byA)).resolves.toMatchObject({ id: 'u-1' });
    clock += JWKS_RECHECK_MS;
    await expect(verifyToken(verification, byA)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

    // A replacement that is not a key set is reported and ignored.
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    write('{"keys": [');
    clock += JWKS_RECHECK_MS;
    await expect(verifyToken(verification, byB)).resolves.toMatchObject({ id: 'u-1' });
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('not a valid key set'));
    errors.mockRestore();
  });

  it('bad key configuration stops the start with one clear line', () => {
    expect(() => config({ AUTH_PUBLIC_KEY_FILE: join(dir, 'missing.pem') })).toThrow(ConfigError);
    expect(() => config({ AUTH_PUBLIC_KEY_FILE: 'a', AUTH_JWKS_FILE: 'b' })).toThrow(/only one/);
    writeFileSync(join(dir, 'junk.pem'), 'not a key');
    expect(() => loadTokenKeys(config({ AUTH_PUBLIC_KEY_FILE: join(dir, 'junk.pem') }))).toThrow(
      /not a PEM public key/,
    );
    writeFileSync(join(dir, 'junk.json'), '{"keys": []}');
    expect(() => loadTokenKeys(config({ AUTH_JWKS_FILE: join(dir, 'junk.json') }))).toThrow(/JWKS/);
    expect(() => config({ RATE_LIMIT_BURST: '0' })).toThrow(/RATE_LIMIT_BURST/);
    expect(() => config({ MAX_QUERY_DEPTH: 'deep' })).toThrow(/MAX_QUERY_DEPTH/);
  });

  it('token lifetime: minting refuses a ttl past AUTH_TOKEN_MAX_TTL (12h by default, at most 30d)', async () => {
    const keys = loadTokenKeys(config());
    expect(keys.verification.maxLifetimeSeconds).toBe(12 * 3600);
    const request = {
      subject: 'u',
      name: '张三',
      roles: ['AUDITOR'] as const,
      organisation: '省审计厅',
    };
    // The attack of issue 19: a token for millennia.
    await expect(mintToken(keys.signingKey!, { ...request, ttl: '999999d' })).rejects.toMatchObject(
      {
        code: 'BAD_USER_INPUT',
        details: { field: 'ttl', max: 12 * 3600 },
        en: expect.stringMatching(/AUTH_TOKEN_MAX_TTL/),
      },
    );
    await expect(mintToken(keys.signingKey!, { ...request, ttl: '13h' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(mintToken(keys.signingKey!, { ...request, ttl: 'soon' })).rejects.toMatchObject({
      details: { field: 'ttl' },
    });
    // The default stays 8h; a lower cap lowers it rather than refusing the default.
    const eight = await verifyToken(keys.verification, await mintToken(keys.signingKey!, request));
    expect(eight.expiresAt! - Date.now() / 1000).toBeGreaterThan(8 * 3600 - 60);
    expect(eight.expiresAt! - Date.now() / 1000).toBeLessThanOrEqual(8 * 3600);
    const capped = await mintToken(keys.signingKey!, request, new Date(), 'taizhang', 3600);
    const actor = await verifyToken({ ...keys.verification, maxLifetimeSeconds: 3600 }, capped);
    expect(actor.expiresAt! - Date.now() / 1000).toBeLessThanOrEqual(3600);
    expect(
      loadTokenKeys(config({ AUTH_TOKEN_MAX_TTL: '30d' })).verification.maxLifetimeSeconds,
    ).toBe(30 * 86400);
    for (const bad of ['31d', '0s', 'forever', '720']) {
      expect(() => config({ AUTH_TOKEN_MAX_TTL: bad })).toThrow(ConfigError);
      expect(() => config({ AUTH_TOKEN_MAX_TTL: bad })).toThrow(/AUTH_TOKEN_MAX_TTL.*30d/);
    }
  });

  it('verification refuses a token that lives longer than the cap, however it was signed', async () => {
    const keys = loadTokenKeys(config());
    const long = await sign(keys.signingKey!, 'HS256', { iss: 'taizhang', exp: '13h' });
    await expect(verifyToken(keys.verification, long)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      en: expect.stringMatching(/lifetime exceeds the cap/),
    });
    const within = await sign(keys.signingKey!, 'HS256', { iss: 'taizhang', exp: '11h' });
    await expect(verifyToken(keys.verification, within)).resolves.toMatchObject({ id: 'u-1' });
    // An issue time set in the future does not stretch the lifetime: it counts from now.
    const future = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u-1')
      .setIssuer('taizhang')
      .setIssuedAt(Math.floor(Date.now() / 1000) + 86400)
      .setExpirationTime(Math.floor(Date.now() / 1000) + 86400 + 3600)
      .sign(keys.signingKey!);
    await expect(verifyToken(keys.verification, future)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('claims with control characters or unpaired surrogates are no identity; minting refuses them', async () => {
    const keys = loadTokenKeys(config());
    for (const [claim, value] of [
      ['name', '张三\ud800'],
      ['org', '省审计厅\u0000'],
      ['sub', 'u\n1'],
    ] as const) {
      const token = await new SignJWT({ ...claims, ...(claim === 'sub' ? {} : { [claim]: value }) })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claim === 'sub' ? value : 'u-1')
        .setIssuer('taizhang')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(keys.signingKey!);
      await expect(verifyToken(keys.verification, token)).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
        details: { claim },
      });
    }
    const request = {
      subject: 'u',
      name: '张三\u0007',
      roles: ['AUDITOR'] as const,
      organisation: '省审计厅',
    };
    await expect(mintToken(keys.signingKey!, request)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'name', character: 'U+0007' },
    });
    await expect(
      mintToken(keys.signingKey!, {
        ...request,
        name: '张三',
        roles: ['CITY_GOVERNMENT'],
        region: '369900',
      }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'region' } });
  });
});
