/**
 * Input order per key: the work of items that share a key (Update: one customer's path) runs one after
 * the other, in the order the items entered, whatever the pool's concurrency. Items with other keys run
 * alongside. Two items that edit one customer would otherwise both read it before either wrote, and the
 * second write would put back what the first changed.
 *
 * An item `enter`s when it starts (the pool starts items in input order), names its key with `wait` once
 * it knows it, and `leave`s when it is done, whether or not it named one. Keys are registered in entry
 * order, so an item that names its key late still goes before later items with the same key.
 */
export class SameKeyOrder {
	/** Resolves once every item entered so far has named its key or left. */
	private registered: Promise<void> = Promise.resolve();

	/** Per key, settles when the last item that named it has left. */
	private readonly tails = new Map<string, Promise<void>>();

	enter(): KeyTurn {
		const previous = this.registered;
		let named!: () => void;
		const ownRegistration = new Promise<void>((resolve) => (named = resolve));
		this.registered = previous.then(async () => await ownRegistration);
		let left!: () => void;
		const done = new Promise<void>((resolve) => (left = resolve));
		let key: string | undefined;
		return {
			wait: async (name: string) => {
				await previous;
				key = name;
				const before = this.tails.get(name);
				this.tails.set(name, done);
				named();
				await before;
			},
			leave: () => {
				named();
				left();
				if (key !== undefined && this.tails.get(key) === done) this.tails.delete(key);
			},
		};
	}
}

export interface KeyTurn {
	/** Resolves when every earlier item with this key has left. Call at most once. */
	wait(key: string): Promise<void>;
	/** The item is done (also when it failed, or never named a key). */
	leave(): void;
}
