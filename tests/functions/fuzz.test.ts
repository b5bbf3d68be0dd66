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
