/**
 * Seeded pseudo-random numbers, so datasets and fault plans are reproducible from a seed alone.
 * mulberry32 is tiny and fast enough to draw millions of numbers for the 100k-record benchmark.
 */

export type Random = () => number;

export function seededRandom(seed: number): Random {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * A number in [0, 1) that depends only on (seed, index, salt): the fault plan uses it so the n-th
 * eligible request gets the same decision in every run, whatever happened to other requests.
 */
export function hashUnit(seed: number, index: number, salt = 0): number {
	let h = (seed ^ Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca77)) >>> 0;
	h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
	h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
	h ^= h >>> 15;
	return (h >>> 0) / 4294967296;
}

export function pick<T>(random: Random, items: readonly T[]): T {
	return items[Math.floor(random() * items.length)];
}

/** `count` random decimal digits (count ≤ 15), as one string. */
export function digits(random: Random, count: number): string {
	return String(Math.floor(random() * 10 ** count)).padStart(count, '0');
}
