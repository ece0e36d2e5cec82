import { loadConfig, ConfigError } from '../../src/config/config.js';
import { scrub, scrubText } from '../../src/ops/logging.js';

describe('what a log line may carry', () => {
  const jwt =
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiLmsZ_opb_nnIHnnaPlr5_lip46aW5zcGVjdGlvbl9vZmZpY2UifQ.c2lnbmF0dXJlLXBhcnQ';

  it('blanks bearer tokens and JWTs wherever they appear in text', () => {
    expect(scrubText(`authorization: Bearer ${jwt}`)).toBe(
      'authorization: Bearer [REDACTED token]',
    );
    expect(scrubText(`token=${jwt}&x=1`)).toBe('token=[REDACTED token]&x=1');
  });

  it('blanks mobile and landline numbers but not positions, ids or hashes', () => {
    expect(scrubText('联系 13800138000 或 +86 13912345678')).toBe(
      '联系 [REDACTED phone] 或 [REDACTED phone]',
    );
    expect(scrubText('电话 0792-8765432')).toBe('电话 [REDACTED phone]');
    const kept = 'position 13800138000123 task-DEMO-01 hash 0123456789abcdef13800138000';
    expect(scrubText(kept)).toBe(kept);
  });

  it('blanks secret-named fields and scrubs errors, nested objects and arrays', () => {
    const error = new Error(`leader phone 13800138000 refused`);
    const out = scrub({
      headers: { authorization: `Bearer ${jwt}`, cookie: 'a=b', host: 'x' },
      leader: { name: '李某', phone: '0792-1234567' },
      list: [`call 13800138000`],
      err: error,
    }) as Record<string, Record<string, unknown>>;
    expect(out.headers).toEqual({ authorization: '[REDACTED]', cookie: '[REDACTED]', host: 'x' });
    expect(out.leader).toEqual({ name: '李某', phone: '[REDACTED]' });
    expect(out.list).toEqual(['call [REDACTED phone]']);
    expect(out.err.message).toBe('leader phone [REDACTED phone] refused');
    expect(String(out.err.stack)).not.toContain('13800138000');
  });
});

describe('operations settings', () => {
  it('defaults: JSON logs at info, metrics off, a lag of 1000 events, 25 s to stop', () => {
    expect(loadConfig({}).ops).toEqual({
      logLevel: 'info',
      logFormat: 'json',
      metrics: 'off',
      metricsPort: 9464,
      metricsHost: '127.0.0.1',
      readyMaxLagEvents: 1000,
      shutdownTimeoutMs: 25_000,
    });
    expect(loadConfig({ NODE_ENV: 'development' }).ops.logFormat).toBe('pretty');
  });

  it.each([
    ['LOG_LEVEL', 'loud'],
    ['LOG_FORMAT', 'xml'],
    ['METRICS', 'on'],
    ['METRICS_PORT', '70000'],
    ['READY_MAX_LAG_EVENTS', '-1'],
    ['SHUTDOWN_TIMEOUT_MS', '0'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
