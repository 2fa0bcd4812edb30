import { quoteKey, RecordShapeError } from './errors';

/**
 * Nested plain objects → flat camelCase keys: `{ endereco: { ponto_referencia: 'x' } }` →
 * `enderecoPontoReferencia`, with the path of every flat key in the raw record.
 *
 * Collisions never drop a value. A top-level key always keeps its own name (it is the API's literal key).
 * A flattened key takes its joined name unless a top-level key or an earlier flattened key has it; then it
 * is stored under its dot path (`endereco.cep`), and if even that is taken, under `endereco.cep#2`, `#3`...
 *
 * Empty objects hold no fields, so they are kept as values (in both modes) instead of vanishing.
 */

export interface FlattenOptions {
	nested: 'flatten' | 'refuse';
	/** Most path segments a field may have, counting the levels of a list inside it; default 32. */
	maxDepth?: number;
	/**
	 * What a field nested deeper than maxDepth gets: an error (the default: the record is invalid), or
	 * TOO_DEEP_MARKER in place of what is too deep, so an invalid record can still be shown flat.
	 */
	tooDeep?: 'throw' | 'mark';
}

export interface FlatRecord {
	flat: Record<string, unknown>;
	/** Flat key → path in the raw record (`['endereco', 'cep']`). */
	paths: Record<string, string[]>;
}

export const DEFAULT_MAX_DEPTH = 32;

/** What stands where a value was nested too deep to be read (or stored by n8n, or shown). */
export function tooDeepMarker(maxDepth = DEFAULT_MAX_DEPTH): string {
	return `[not read: nested more than ${maxDepth} levels deep]`;
}

/**
 * Whether a leaf value (a list, or an object inside one) holds no more than `levels` levels of
 * containers. Walked with an explicit stack and stopped at the limit: a list 100,000 levels deep
 * must not cost a deep recursion, here or in n8n later.
 */
export function withinDepth(value: unknown, levels: number): boolean {
	if (value === null || typeof value !== 'object') return true;
	const stack: Array<[object, number]> = [[value, 1]];
	while (stack.length > 0) {
		const [container, depth] = stack.pop() as [object, number];
		if (depth > levels) return false;
		const children = Array.isArray(container)
			? container
			: Object.values(container as Record<string, unknown>);
		for (const child of children) {
			if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
		}
	}
	return true;
}
const MAX_PATH_SEGMENTS_SHOWN = 5;

/** Assigns an own property even for `__proto__`, whose plain assignment would replace the prototype. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
	if (key === '__proto__') {
		Object.defineProperty(target, key, {
			value,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	} else {
		target[key] = value;
	}
}

export function hasOwn(target: object, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(target, key);
}

/** A JSON-like object: `{}` or `Object.create(null)`, also from another realm; not arrays, dates, classes. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (value === null || typeof value !== 'object') return false;
	if (Object.prototype.toString.call(value) !== '[object Object]') return false;
	const proto: unknown = Object.getPrototypeOf(value);
	return proto === null || Object.getPrototypeOf(proto) === null;
}

function hasOwnKeys(value: Record<string, unknown>): boolean {
	for (const key in value) if (hasOwn(value, key)) return true;
	return false;
}

/** A value flattening descends into. */
export function isNestedObject(value: unknown): value is Record<string, unknown> {
	return isPlainObject(value) && hasOwnKeys(value);
}

const WORD_SEPARATORS = /[_\-\s]+/;

function capitalize(word: string): string {
	return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `data_nascimento` → `dataNascimento`; the first word keeps its case, so `Endereco` stays `Endereco`. */
export function camelHead(key: string): string {
	const words = key.split(WORD_SEPARATORS).filter((word) => word !== '');
	return words.length === 0 ? '' : words[0] + words.slice(1).map(capitalize).join('');
}

/** `ponto_referencia` → `PontoReferencia`. */
export function pascalPart(key: string): string {
	return key.split(WORD_SEPARATORS).map(capitalize).join('');
}

function describePath(path: string[]): string {
	const shown = path.slice(0, MAX_PATH_SEGMENTS_SHOWN).join('.');
	return quoteKey(path.length > MAX_PATH_SEGMENTS_SHOWN ? `${shown}.…` : shown);
}

/** One nested object being walked; the path is kept as parent links so a step costs O(1), not O(depth). */
interface Frame {
	object: Record<string, unknown>;
	keys: string[];
	next: number;
	key: string;
	depth: number;
	name: string;
	parent: Frame | undefined;
}

function pathOf(frame: Frame, leafKey: string): string[] {
	const path = new Array<string>(frame.depth + 1);
	path[frame.depth] = leafKey;
	for (let at: Frame | undefined = frame; at !== undefined; at = at.parent)
		path[at.depth - 1] = at.key;
	return path;
}

/**
 * Flattens one record. Throws RecordShapeError for a nested object when `nested` is 'refuse', and for a
 * field deeper than `maxDepth` unless `tooDeep` is 'mark' (checked while descending, with an explicit
 * stack: no recursion).
 * Level-one records do not come here from normalizeRecord, which keeps its own cache of their shapes.
 */
export function flattenRecord(raw: Record<string, unknown>, options: FlattenOptions): FlatRecord {
	const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
	const flat: Record<string, unknown> = {};
	const paths: Record<string, string[]> = {};
	const keys = Object.keys(raw);
	const topLevelNames = new Set<string>();
	for (const key of keys) {
		if (!isNestedObject(raw[key])) {
			topLevelNames.add(key);
		} else if (options.nested === 'refuse') {
			throw new RecordShapeError(
				`${quoteKey(key)} is a nested object; the API must return level-one fields, or choose "Flatten" for nested objects`,
				key,
			);
		}
	}

	const tooDeep = (path: string[], field: string): RecordShapeError =>
		new RecordShapeError(
			`Field ${describePath(path)} is nested more than ${maxDepth} levels deep; the node reads at most ${maxDepth} levels. Make the API return flatter records`,
			field,
		);
	const marking = options.tooDeep === 'mark';
	/** A leaf at `depth` path segments, or the marker when the list it holds goes past maxDepth. */
	const leaf = (value: unknown, depth: number, path: () => string[], field: string): unknown => {
		if (value === null || typeof value !== 'object' || withinDepth(value, maxDepth - depth))
			return value;
		if (marking) return tooDeepMarker(maxDepth);
		throw tooDeep(path(), field);
	};

	const emit = (name: string, path: string[], value: unknown) => {
		let key = name;
		if (topLevelNames.has(key) || hasOwn(flat, key)) {
			const dotted = path.join('.');
			key = dotted;
			for (let copy = 2; topLevelNames.has(key) || hasOwn(flat, key); copy++)
				key = `${dotted}#${copy}`;
		}
		setOwn(flat, key, value);
		setOwn(paths, key, path);
	};

	for (const key of keys) {
		const value = raw[key];
		if (!isNestedObject(value)) {
			setOwn(
				flat,
				key,
				leaf(value, 1, () => [key], key),
			);
			setOwn(paths, key, [key]);
			continue;
		}
		const root: Frame = {
			object: value,
			keys: Object.keys(value),
			next: 0,
			key,
			depth: 1,
			name: camelHead(key),
			parent: undefined,
		};
		const stack: Frame[] = [root];
		while (stack.length > 0) {
			const frame = stack[stack.length - 1];
			if (frame.next >= frame.keys.length) {
				stack.pop();
				continue;
			}
			const childKey = frame.keys[frame.next++];
			const child = frame.object[childKey];
			const depth = frame.depth + 1;
			const name = frame.name + pascalPart(childKey);
			if (depth > maxDepth) {
				if (!marking) throw tooDeep(pathOf(frame, childKey), key);
				emit(name, pathOf(frame, childKey), tooDeepMarker(maxDepth));
				continue;
			}
			if (isNestedObject(child)) {
				const childKeys = Object.keys(child);
				stack.push({
					object: child,
					keys: childKeys,
					next: 0,
					key: childKey,
					depth,
					name,
					parent: frame,
				});
			} else {
				const path = pathOf(frame, childKey);
				emit(
					name,
					path,
					leaf(child, depth, () => path, key),
				);
			}
		}
	}
	return { flat, paths };
}
