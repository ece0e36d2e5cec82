import { v5 as uuidv5 } from 'uuid';
import { eventIdFor } from '../../src/event-store/envelope.js';

describe('eventIdFor', () => {
  // Event ids already stored were made with the uuid library: the faster derivation must agree.
  it('equals the uuid library v5 of "<commandId>/<index>" in the event id namespace', () => {
    const namespace = '6f1c4f0e-2b1a-5d3c-9e8f-7a6b5c4d3e2f';
    for (const commandId of [
      'c1',
      'a4b3f1e2-0000-4000-8000-000000000001',
      '命令-整改-42',
      '',
      'x'.repeat(500),
    ]) {
      for (const index of [0, 1, 7, 999]) {
        expect(eventIdFor(commandId, index)).toBe(uuidv5(`${commandId}/${index}`, namespace));
      }
    }
  });
});
