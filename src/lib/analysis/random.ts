/**
 * Seeded randomness for every random procedure (permutation tests, Monte Carlo): a planner can
 * reproduce a result exactly from the seed recorded with it. sfc32 (Chris Doty-Humphrey's Small
 * Fast Chaotic generator, as in PractRand) seeded through splitmix32.
 */

/** A seeded generator of uniform numbers in [0, 1) and whole numbers in [0, n). */
export interface Rng {
  readonly seed: number;
  next(): number;
  int(n: number): number;
}

/** A new generator from a 32-bit seed. */
export function rng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`A seed must be a whole number, got ${seed}`);
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  const u32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  return {
    seed,
    next: () => u32() / 4294967296,
    // Lemire's multiply-shift with rejection: unbiased whole numbers below n (n < 2^32).
    int(n: number): number {
      const limit = 4294967296 - (4294967296 % n);
      for (;;) {
        const x = u32();
        if (x < limit) return x % n;
      }
    },
  };
}

/** Shuffles `a` in place (Fisher–Yates) and returns it. */
export function shuffle<T extends { length: number; [i: number]: unknown }>(a: T, r: Rng): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
