// The deploy script's plan for database/schema.ts (the real environment is out of reach offline).
import { collections } from '../../database/schema';
import { databasePlan } from '../../scripts/database-plan';

it('creates every declared index on a new environment, in the management API’s shape', () => {
  const plan = databasePlan(collections, {});
  expect(plan.map((p) => p.collection)).toEqual(collections.map((c) => c.name));
  const complaints = plan.find((p) => p.collection === 'complaints')!;
  expect(complaints.createIndexes.find((i) => i.IndexName === 'number')).toEqual({ IndexName: 'number', MgoKeySchema: { MgoIndexKeys: [{ Name: 'number', Direction: '1' }], MgoIsUnique: true } });
  expect(complaints.createIndexes.length).toBe(collections.find((c) => c.name === 'complaints')!.indexes.length);
});

it('creates only the missing indexes when run again', () => {
  const existing = Object.fromEntries(collections.map((c) => [c.name, c.indexes.map((i) => i.name)]));
  expect(databasePlan(collections, existing).every((p) => p.createIndexes.length === 0)).toBe(true);
  const withoutOne = { ...existing, complaints: existing.complaints!.filter((n) => n !== 'next_timer_id') };
  expect(databasePlan(collections, withoutOne).find((p) => p.collection === 'complaints')!.createIndexes.map((i) => i.IndexName)).toEqual(['next_timer_id']);
});
