import { BadInputError } from '../../src/common/errors.js';
import { globalId, plainId } from '../../src/common/global-id.js';
import {
  count,
  isoDate,
  oneOf,
  optionalAmount,
  optionalIsoDate,
  optionalText,
  recordId,
  regionCode,
  requiredText,
  cleanStrings,
} from '../../src/common/validation.js';

/** The refusal `run` throws: BAD_USER_INPUT, naming the field in both languages. */
function refusal(field: string, run: () => unknown): BadInputError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(BadInputError);
  const error = thrown as BadInputError;
  expect(error.zh.startsWith(`${field}：`)).toBe(true);
  expect(error.en.startsWith(`${field}: `)).toBe(true);
  expect(error.details.field).toBe(field);
  return error;
}

describe('shared input checks (src/common/validation.ts)', () => {
  it('text: required is trimmed and bounded; optional treats blank as absent and refuses non-text', () => {
    expect(requiredText('title', '  鄱阳湖  ')).toBe('鄱阳湖');
    expect(refusal('title', () => requiredText('title', '   ')).en).toMatch(/must not be empty/);
    expect(refusal('title', () => requiredText('title', 'x'.repeat(501))).details.max).toBe(500);
    expect(optionalText('note', '  ')).toBeNull();
    expect(optionalText('note', null)).toBeNull();
    expect(optionalText('note', 'x'.repeat(10_000))).toHaveLength(10_000);
    refusal('note', () => optionalText('note', 'x'.repeat(10_001)));
    expect(refusal('note', () => optionalText('note', 42)).zh).toMatch(/须为文本/);
  });

  it('record ids fit a stream name: 1-64 letters or digits joined by . _ : -', () => {
    expect(recordId('caseId', 'a'.repeat(64))).toBe('a'.repeat(64));
    expect(recordId('caseId', 'jx-r3_01.a:b')).toBe('jx-r3_01.a:b');
    for (const bad of ['a'.repeat(65), '', 'a b', 'a--b', '-a', 'a-', 42]) {
      refusal('caseId', () => recordId('caseId', bad));
    }
  });

  it('calendar dates are YYYY-MM-DD days that exist; optional ones may be empty', () => {
    expect(isoDate('decidedOn', '2024-02-29')).toBe('2024-02-29');
    expect(isoDate('decidedOn', ' 2024-09-18 ')).toBe('2024-09-18');
    for (const bad of [
      '2023-02-29',
      '2024-02-30',
      '2024-13-01',
      '2024-9-18',
      '2024-09-18T00:00Z',
      20240918,
    ]) {
      expect(refusal('decidedOn', () => isoDate('decidedOn', bad)).en).toMatch(/YYYY-MM-DD/);
    }
    expect(optionalIsoDate('publishedOn', '')).toBeNull();
    expect(optionalIsoDate('publishedOn', null)).toBeNull();
    refusal('publishedOn', () => optionalIsoDate('publishedOn', '2024-02-30'));
  });

  it('counts are whole numbers from 0; amounts are finite and not negative', () => {
    expect(count('teams', 0)).toBe(0);
    expect(count('teams', 10_000, 10_000)).toBe(10_000);
    for (const bad of [-1, 1.5, 10_001, '3', null])
      refusal('teams', () => count('teams', bad, 10_000));
    expect(optionalAmount('amountClaimed', null)).toBeNull();
    expect(optionalAmount('amountClaimed', 0)).toBe(0);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '5']) {
      refusal('amountClaimed', () => optionalAmount('amountClaimed', bad));
    }
  });

  it('oneOf quotes the value given and lists what is allowed', () => {
    expect(oneOf('rank', 'BUREAU', ['BUREAU', 'DIVISION'])).toBe('BUREAU');
    const error = refusal('rank', () => oneOf('rank', 'KING', ['BUREAU', 'DIVISION']));
    expect(error.message).toMatch(/"KING".*BUREAU、DIVISION.*"KING".*BUREAU, DIVISION/s);
    expect(error.details.allowed).toEqual(['BUREAU', 'DIVISION']);
  });
});

describe('clean text and region codes (issue 19, items 9 and 11c)', () => {
  it('refuses control characters other than tab and line breaks, and unpaired surrogates', () => {
    for (const [text, codePoint, position] of [
      ['进展\u0000', 'U+0000', 3],
      ['a\u0007b', 'U+0007', 2],
      ['\u001b[31m红色', 'U+001B', 1],
      ['x\u007f', 'U+007F', 2],
      ['x\u0085', 'U+0085', 2],
      ['整改\ud800完成', 'U+D800', 3],
      ['\udfff', 'U+DFFF', 1],
      ['\ude00\ud83d', 'U+DE00', 1],
    ] as const) {
      const error = refusal('summary', () => requiredText('summary', text, 100));
      expect(error.details).toMatchObject({ character: codePoint, position });
      expect(error.zh).toMatch(/控制字符与不成对的代理项/);
      refusal('note', () => optionalText('note', text));
    }
  });

  it('keeps tab, emoji (a surrogate pair) and line breaks, storing CRLF and CR as LF', () => {
    expect(requiredText('summary', '第一行\r\n第二行\r第三行\n\t缩进 😀', 100)).toBe(
      '第一行\n第二行\n第三行\n\t缩进 😀',
    );
    expect(optionalText('note', 'a\r\nb')).toBe('a\nb');
  });

  it('the guards walk every string of a command, naming its path; keys count too', () => {
    expect(() => cleanStrings('', { a: ['ok', { b: 'fine\r\n' }] })).not.toThrow();
    refusal('evidence[1].fileName', () =>
      cleanStrings('', { evidence: [{ fileName: 'a' }, { fileName: 'b\ud800' }] }),
    );
    refusal('changes.x\ty', () => cleanStrings('', { changes: { 'x\ty': 1 } }));
    refusal('reason', () => cleanStrings('', { reason: '\u0008' }));
  });

  it('region codes are on the shipped list of divisions; townships by their county', () => {
    for (const code of ['360000', '360400', '360428', '360700', '360100', '110101', '360428100']) {
      expect(regionCode('regionCode', code)).toBe(code);
    }
    for (const bad of ['360499', '999999', '100000', '123456789', '36040', '36-04', '']) {
      refusal('regionCode', () => regionCode('regionCode', bad));
    }
    expect(refusal('regionCode', () => regionCode('regionCode', '360499')).en).toMatch(
      /"360499" is not an administrative-division code on the list/,
    );
  });
});

describe('global ids (src/common/global-id.ts)', () => {
  it('a global id is the stream name; lookups take it or the plain id', () => {
    expect(globalId('case', 'c1')).toBe('case-c1');
    expect(plainId('case', 'case-c1')).toBe('c1');
    expect(plainId('case', 'c1')).toBe('c1');
    expect(plainId('task', 'case-c1')).toBe('case-c1');
    expect(plainId('case', globalId('case', 'a-b'))).toBe('a-b');
  });
});
