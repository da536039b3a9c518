// The one settable clock of the tests: the code under test, the fake Slack and the simulator read
// it, and only the test moves it. No test waits on real time.

export interface FixedClock {
  now: () => Date;
  /** the same instant in epoch milliseconds (the fake Slack's clock option) */
  ms: () => number;
  set: (iso: string) => void;
  advance: (ms: number) => void;
}

export function fixedClock(start: string): FixedClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    ms: () => current,
    set: (iso) => {
      current = new Date(iso).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
