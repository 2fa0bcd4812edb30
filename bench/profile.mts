/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`): the functions with the most self time, and self
 * time per origin (this package's node code, n8n-core, n8n-workflow, a dependency, Node itself, GC).
 *
 *   npx tsx bench/profile.mts <file.cpuprofile> [--top 25]
 *
 * `npm run bench -- --profile <scenario>` runs a scenario child under --cpu-prof and prints this.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface CallFrame {
	functionName: string;
	url: string;
	lineNumber: number;
	columnNumber: number;
}

interface ProfileNode {
	id: number;
	callFrame: CallFrame;
}

interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

export interface SelfTime {
	name: string;
	where: string;
	origin: string;
	ms: number;
	share: number;
}

export interface ProfileSummary {
	totalMs: number;
	/** Time the main thread was not idle. */
	busyMs: number;
	top: SelfTime[];
	byOrigin: Array<{ origin: string; ms: number; share: number }>;
}

const REPO = fileURLToPath(new URL('../', import.meta.url));

/** Where bench/run.mts compiles this package, and its unvalidated copy (engine/packageCode.mts). */
const BUILDS = [
	`${REPO}node_modules/.cache/customer-integration-bench/build/`,
	`${REPO}node_modules/.cache/customer-integration-bench/build-unvalidated/`,
];

/**
 * The file of a frame, with the benchmark's build of this package mapped back to its place in the
 * repo. tsx runs CommonJS .ts files as `data:` URLs that start by setting `__filename`.
 */
function fileOf(url: string): string {
	let file = url.replace(/^file:\/\//, '');
	if (url.startsWith('data:')) {
		const match = /^data:[^,]*,__filename%3D%22(.+?)%22/.exec(url);
		file = match ? decodeURIComponent(match[1]) : 'data: URL';
	}
	const build = BUILDS.find((prefix) => file.startsWith(prefix));
	return build === undefined ? file : REPO + file.slice(build.length);
}

/** Who a frame belongs to: a package, this repo's code, Node's internals or V8 itself. */
export function originOf(frame: CallFrame): string {
	const url = fileOf(frame.url);
	if (!url) {
		if (frame.functionName === '(garbage collector)') return 'V8: garbage collector';
		if (frame.functionName === '(idle)') return 'idle';
		if (frame.functionName === '(program)') return 'V8: program (native, compiler)';
		return 'V8/native';
	}
	if (url.startsWith('node:')) return `node: ${url.slice(5).split('/')[0]}`;
	const modules = url.lastIndexOf('/node_modules/');
	if (modules >= 0) {
		const rest = url.slice(modules + '/node_modules/'.length).split('/');
		return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
	}
	if (url.startsWith(REPO)) {
		const path = url.slice(REPO.length);
		if (path.startsWith('nodes/')) return `this package: ${path.split('/').slice(2, 3).join('/')}`;
		return `repo: ${path.split('/')[0]}`;
	}
	return url;
}

function shortWhere(frame: CallFrame): string {
	const url = fileOf(frame.url);
	const short = url.startsWith(REPO)
		? url.slice(REPO.length)
		: url.replace(/^.*\/node_modules\//, '');
	return url ? `${short}:${frame.lineNumber + 1}` : '';
}

export function summarizeProfile(profile: CpuProfile, top = 25): ProfileSummary {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const selfByKey = new Map<string, SelfTime>();
	const byOrigin = new Map<string, number>();
	let totalUs = 0;
	let idleUs = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		const node = byId.get(profile.samples[i]);
		const deltaUs = profile.timeDeltas[i] ?? 0;
		if (!node) continue;
		totalUs += deltaUs;
		const origin = originOf(node.callFrame);
		if (origin === 'idle') {
			idleUs += deltaUs;
			continue;
		}
		byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + deltaUs);
		const where = shortWhere(node.callFrame);
		const name = node.callFrame.functionName || '(anonymous)';
		const key = `${name}@${where}`;
		const entry = selfByKey.get(key) ?? { name, where, origin, ms: 0, share: 0 };
		entry.ms += deltaUs / 1000;
		selfByKey.set(key, entry);
	}
	const busyMs = (totalUs - idleUs) / 1000;
	const share = (ms: number) => (busyMs > 0 ? ms / busyMs : 0);
	return {
		totalMs: totalUs / 1000,
		busyMs,
		top: [...selfByKey.values()]
			.sort((a, b) => b.ms - a.ms)
			.slice(0, top)
			.map((entry) => ({ ...entry, share: share(entry.ms) })),
		byOrigin: [...byOrigin.entries()]
			.map(([origin, us]) => ({ origin, ms: us / 1000, share: share(us / 1000) }))
			.sort((a, b) => b.ms - a.ms),
	};
}

const percent = (share: number) => `${(share * 100).toFixed(1).padStart(5)}%`;

export function formatProfileSummary(summary: ProfileSummary): string {
	const lines = [
		`CPU profile: ${(summary.totalMs / 1000).toFixed(2)} s sampled, ${(summary.busyMs / 1000).toFixed(2)} s busy (not idle)`,
		'',
		'Self time by origin (share of busy time):',
		...summary.byOrigin
			.slice(0, 15)
			.map((o) => `  ${percent(o.share)}  ${o.ms.toFixed(0).padStart(7)} ms  ${o.origin}`),
		'',
		'Top functions by self time:',
		...summary.top.map(
			(f) => `  ${percent(f.share)}  ${f.ms.toFixed(0).padStart(7)} ms  ${f.name}  ${f.where}`,
		),
	];
	return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const { values, positionals } = parseArgs({
		allowPositionals: true,
		options: { top: { type: 'string' } },
	});
	if (positionals.length !== 1) {
		process.stderr.write('usage: npx tsx bench/profile.mts <file.cpuprofile> [--top 25]\n');
		process.exit(2);
	}
	const profile = JSON.parse(readFileSync(positionals[0], 'utf8')) as CpuProfile;
	process.stdout.write(
		`${formatProfileSummary(summarizeProfile(profile, Number(values.top ?? 25)))}\n`,
	);
}
