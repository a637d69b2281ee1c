/** A small seeded PRNG (mulberry32) so that every fuzz input is a pure function of (seed, protocol, index). */

/** FNV-1a over the text: turns a (seed, protocol, index) key into a 32-bit PRNG state. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Floats in [0, 1) from `seed`, as a plain function: for code that only needs those. */
export function uniform(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** An integer in [1, max], log-uniform: small sizes are as likely as huge ones, which finds both kinds of bug. */
  size(max: number): number {
    if (max <= 1) return 1;
    return Math.min(max, Math.max(1, Math.floor(Math.exp(this.next() * Math.log(max + 1)))));
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
}

/** The PRNG of one input: independent of the order inputs are generated or sent in. */
export function inputRng(seed: number, protocol: string, index: number): Rng {
  return new Rng(hash32(`${seed}/${protocol}/${index}`));
}
