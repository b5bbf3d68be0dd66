// Hostile input for every action (fast-check, fixed seed): a clear error code and a Chinese
// message, no write, and never a crash of the function.
import fc from 'fast-check';
import { requestSchemas } from '../../typings/api';
import { API_ERRORS } from '../../typings/errors';
import { people, seedPeople, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
});
afterAll(() => c.stop());

const actions = Object.keys(requestSchemas);
// Payload shapes that look almost right, with the wrong types and hostile values inside.
const hostile = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.record({ id: fc.oneof(fc.string(), fc.object(), fc.constant({ $ne: null })), communityId: fc.oneof(fc.string(), fc.integer()), command: fc.anything({ maxDepth: 2 }) }, { requiredKeys: [] }),
  fc.record({ requestId: fc.string(), description: fc.oneof(fc.string({ maxLength: 3000 }), fc.integer()), photos: fc.array(fc.string()), location: fc.anything({ maxDepth: 2 }) }, { requiredKeys: [] }),
);

it.each(actions)('%s: hostile payloads get a code and a message, write nothing, never crash', async (action) => {
  await fc.assert(
    fc.asyncProperty(hostile, fc.constantFrom(people.owner._id, people.reception._id, 'openid-nobody'), async (payload, openid) => {
      await c.post('/local/counters/reset', {});
      const request = typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? { ...payload, action } : payload;
      const r = await c.call(openid, request as object);
      if (r.ok) return; // an accidentally valid read (e.g. subscription.credits {}) is fine
      expect(Object.keys(API_ERRORS)).toContain(r.code);
      expect(r.message).toBe(API_ERRORS[r.code]);
      expect(r.code).not.toBe('INTERNAL');
      const counters = await c.get<{ total: { writes: number } }>('/local/counters');
      expect(counters.total.writes).toBe(0);
    }),
    { numRuns: 25, seed: 20261122 },
  );
});

// Every free text the contract accepts (any length up to its maximum, any characters, risky words
// anywhere): answered, refused as risky or rate-limited — never 「系统繁忙」, whatever the lengths add up to.
it('free texts of any accepted shape in every intake field never produce INTERNAL', async () => {
  const piece = fc.oneof(fc.string({ maxLength: 40, unit: 'grapheme' }), fc.constantFrom('赌博', '楼上漏水', '🙂', '\u0000', '<script>', '{"$ne":null}', '../'));
  const textUpTo = (max: number) => fc.array(piece, { maxLength: 120 }).map((parts) => parts.join('').slice(0, max));
  let n = 0;
  await fc.assert(
    fc.asyncProperty(textUpTo(2000), textUpTo(500), textUpTo(50), textUpTo(100), fc.boolean(), async (description, desiredOutcome, contactTime, place, longest) => {
      await c.post('/local/counters/reset', {});
      // Not people.owner: the hostile runs above may have sent it a valid owner.unbind.
      const r = await c.call(people.otherOwner._id, {
        action: 'complaint.submit',
        requestId: `fuzz-text-${++n}`,
        communityId: 'community-a',
        location: { kind: 'public_area', description: place || '大门' },
        description: longest ? '楼'.repeat(2000) : description || '漏水',
        desiredOutcome: longest ? '修'.repeat(500) : desiredOutcome,
        contactTime,
      });
      if (!r.ok) expect(['CONTENT_RISKY', 'RATE_LIMITED', 'VALIDATION']).toContain(r.code);
    }),
    { numRuns: 30, seed: 20261129 },
  );
});
