// Choosing a handler inside a department (派单, DESIGN.md §3), given / when / then.
import fc from 'fast-check';
import { chooseHandler, type HandlerCandidate } from '../../domain/assignment';

const t = (iso: string) => new Date(iso);
const c = (staffId: string, openLoad: number, last: string | null, available = true): HandlerCandidate => ({
  staffId,
  openLoad,
  lastAssignedAt: last ? t(last) : null,
  available,
});

// Given an engineering team: wang (3 open, assigned 09:00), li (1 open, assigned 10:00),
// zhao (5 open, never assigned) and sun (on leave).
const team = [c('wang', 3, '2026-11-18T09:00:00+08:00'), c('li', 1, '2026-11-18T10:00:00+08:00'), c('zhao', 5, null), c('sun', 0, null, false)];

describe('round robin', () => {
  it('given someone never assigned, then they go first; the unavailable are skipped', () => {
    expect(chooseHandler('round_robin', team)).toBe('zhao');
  });

  it('given everyone has been assigned, then the least recently assigned', () => {
    expect(chooseHandler('round_robin', team.filter((x) => x.staffId !== 'zhao'))).toBe('wang');
  });

  it('given a tie, then by staff id, whatever the input order', () => {
    const tied = [c('b', 0, '2026-11-18T09:00:00+08:00'), c('a', 0, '2026-11-18T09:00:00+08:00')];
    expect(chooseHandler('round_robin', tied)).toBe('a');
    expect(chooseHandler('round_robin', [c('y', 0, null), c('x', 0, null)])).toBe('x');
  });

  it('given three assignments in a row, recording each, then everyone gets one before anyone gets two', () => {
    let pool = [c('a', 0, null), c('b', 0, null), c('c', 0, null)];
    const picks: string[] = [];
    for (let i = 0; i < 6; i++) {
      const who = chooseHandler('round_robin', pool);
      picks.push(who);
      pool = pool.map((p) => (p.staffId === who ? { ...p, lastAssignedAt: new Date(Date.UTC(2026, 10, 18, 2, i)) } : p));
    }
    expect(picks).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });
});

describe('least load', () => {
  it('given different loads, then the fewest open complaints among the available', () => {
    expect(chooseHandler('least_load', team)).toBe('li');
  });

  it('given equal loads, then round robin decides', () => {
    const even = [c('a', 2, '2026-11-18T10:00:00+08:00'), c('b', 2, '2026-11-18T09:00:00+08:00'), c('c', 2, null)];
    expect(chooseHandler('least_load', even)).toBe('c');
    expect(chooseHandler('least_load', even.slice(0, 2))).toBe('b');
  });
});

describe('explicit', () => {
  it('given a named available candidate, then they are chosen whatever the strategy', () => {
    expect(chooseHandler('least_load', team, 'wang')).toBe('wang');
    expect(chooseHandler('explicit', team, 'zhao')).toBe('zhao');
  });

  it('given a name outside the department, then ASSIGNMENT.NOT_IN_DEPARTMENT', () => {
    expect(() => chooseHandler('least_load', team, 'stranger')).toThrow(expect.objectContaining({ code: 'ASSIGNMENT.NOT_IN_DEPARTMENT' }));
  });

  it('given a named candidate on leave, then ASSIGNMENT.NOT_AVAILABLE', () => {
    expect(() => chooseHandler('round_robin', team, 'sun')).toThrow(expect.objectContaining({ code: 'ASSIGNMENT.NOT_AVAILABLE' }));
  });

  it('given a department that assigns by name and no name, then ASSIGNMENT.HANDLER_REQUIRED', () => {
    expect(() => chooseHandler('explicit', team)).toThrow(expect.objectContaining({ code: 'ASSIGNMENT.HANDLER_REQUIRED' }));
  });
});

describe('nobody available', () => {
  it.each(['round_robin', 'least_load', 'explicit'] as const)('given only staff on leave, when %s, then ASSIGNMENT.NO_HANDLER', (strategy) => {
    expect(() => chooseHandler(strategy, [c('sun', 0, null, false)])).toThrow(expect.objectContaining({ code: 'ASSIGNMENT.NO_HANDLER' }));
    expect(() => chooseHandler(strategy, [])).toThrow(expect.objectContaining({ code: 'ASSIGNMENT.NO_HANDLER' }));
  });
});

describe('properties', () => {
  const candidate = fc.record({
    staffId: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
    openLoad: fc.integer({ min: 0, max: 5 }),
    lastAssignedAt: fc.option(fc.integer({ min: 0, max: 1000 }).map((m) => new Date(Date.UTC(2026, 10, 1) + m * 60_000))),
    available: fc.boolean(),
  });
  const pool = fc.uniqueArray(candidate, { selector: (x) => x.staffId, minLength: 1, maxLength: 5 });

  it('the chosen handler is always an available candidate, with the least load under least_load', () => {
    fc.assert(
      fc.property(pool, fc.constantFrom('round_robin' as const, 'least_load' as const), (candidates, strategy) => {
        const available = candidates.filter((x) => x.available);
        if (available.length === 0) {
          expect(() => chooseHandler(strategy, candidates)).toThrow(expect.objectContaining({ code: 'ASSIGNMENT.NO_HANDLER' }));
          return;
        }
        const who = available.find((x) => x.staffId === chooseHandler(strategy, candidates));
        expect(who).toBeDefined();
        if (strategy === 'least_load') expect(who!.openLoad).toBe(Math.min(...available.map((x) => x.openLoad)));
        if (strategy === 'round_robin' && who!.lastAssignedAt !== null) {
          expect(available.every((x) => x.lastAssignedAt !== null && x.lastAssignedAt >= who!.lastAssignedAt!)).toBe(true);
        }
      }),
      { numRuns: 300, seed: 20261118 },
    );
  });

  it('the choice does not depend on the order the server lists the candidates in', () => {
    fc.assert(
      fc.property(pool, fc.constantFrom('round_robin' as const, 'least_load' as const), (candidates, strategy) => {
        fc.pre(candidates.some((x) => x.available));
        expect(chooseHandler(strategy, [...candidates].reverse())).toBe(chooseHandler(strategy, candidates));
      }),
      { numRuns: 300, seed: 20261119 },
    );
  });
});
