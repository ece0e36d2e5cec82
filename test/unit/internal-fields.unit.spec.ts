import {
  isInternalField,
  redactInternal,
  REDACTED,
  seesInternalFields,
} from '../../src/ledger/api/internal-fields.js';

const actor = (role: 'AUDITOR' | 'INTEGRATION') => ({
  id: 'u',
  name: 'n',
  roles: [role],
  organisation: 'o',
});

describe('internal contact fields', () => {
  it('hides phones at any depth and keeps everything else', () => {
    expect(
      redactInternal({ leaders: [{ name: '张某', phone: '123' }], note: 'x', phone: null }),
    ).toEqual({ leaders: [{ name: '张某', phone: REDACTED }], note: 'x', phone: null });
  });

  it('knows a dotted field change of a phone', () => {
    expect(isInternalField('responsibleLeader.phone')).toBe(true);
    expect(isInternalField('responsibleLeader.name')).toBe(false);
  });

  it('lets auditors see them and integrations not, and nobody without a token', () => {
    expect(seesInternalFields(actor('AUDITOR'))).toBe(true);
    expect(seesInternalFields(actor('INTEGRATION'))).toBe(false);
    expect(seesInternalFields(undefined)).toBe(false);
  });
});
