import { describe, expect, it } from 'vitest';

import { SameKeyOrder } from '../../../nodes/CustomerIntegration/actions/common/sameKeyOrder';

const tick = async () => await new Promise<void>((resolve) => setImmediate(resolve));

describe('SameKeyOrder', () => {
	it('runs items of one key in entry order, one at a time, and other keys alongside', async () => {
		const order = new SameKeyOrder();
		const events: string[] = [];
		const releases = new Map<string, () => void>();
		const item = async (name: string, key: string) => {
			const turn = order.enter();
			try {
				await turn.wait(key);
				events.push(`start ${name}`);
				await new Promise<void>((resolve) => releases.set(name, resolve));
				events.push(`end ${name}`);
			} finally {
				turn.leave();
			}
		};
		const all = Promise.all([item('a1', 'A'), item('b1', 'B'), item('a2', 'A'), item('a3', 'A')]);
		await tick();
		expect(events).toEqual(['start a1', 'start b1']);
		releases.get('a1')?.();
		await tick();
		expect(events).toEqual(['start a1', 'start b1', 'end a1', 'start a2']);
		releases.get('a2')?.();
		await tick();
		releases.get('a3')?.();
		releases.get('b1')?.();
		await all;
		expect(events.filter((event) => event.endsWith('a2') || event.endsWith('a3'))).toEqual([
			'start a2',
			'end a2',
			'start a3',
			'end a3',
		]);
	});

	it('an item that names its key late still goes before later items with that key', async () => {
		const order = new SameKeyOrder();
		const started: string[] = [];
		let nameFirst!: () => void;
		const first = (async () => {
			const turn = order.enter();
			await new Promise<void>((resolve) => (nameFirst = resolve));
			await turn.wait('K');
			started.push('first');
			turn.leave();
		})();
		const second = (async () => {
			const turn = order.enter();
			await turn.wait('K');
			started.push('second');
			turn.leave();
		})();
		await tick();
		expect(started).toEqual([]);
		nameFirst();
		await Promise.all([first, second]);
		expect(started).toEqual(['first', 'second']);
	});

	it('an item that leaves without a key (refused before any request) holds up nobody', async () => {
		const order = new SameKeyOrder();
		const refused = order.enter();
		const next = order.enter();
		let nextMayGo = false;
		void next.wait('K').then(() => (nextMayGo = true));
		await tick();
		expect(nextMayGo).toBe(false);
		refused.leave();
		await tick();
		expect(nextMayGo).toBe(true);
		next.leave();
	});
});
