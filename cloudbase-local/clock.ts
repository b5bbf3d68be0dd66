// The movable clock of CloudBase Local: real time plus an offset that tests (and demos) can move.
import type { Clock } from './app';

export function movableClock(): Clock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
    set: (instant) => {
      offset = instant.getTime() - Date.now();
    },
    offsetMs: () => offset,
  };
}
