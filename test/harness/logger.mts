import { createRequire } from 'node:module';
import type { Logger, LogMetadata } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LogLine {
	level: LogLevel;
	message: string;
	metadata: LogMetadata | undefined;
	scopes: string[];
}

interface DiContainer {
	set(type: unknown, instance: unknown): void;
}

// n8n-core ships its own copies of @n8n/di and @n8n/backend-common; nodes get their logger from
// that container (`this.logger`), so the capturing logger must be registered in that very one.
const requireFromCore = createRequire(createRequire(import.meta.url).resolve('n8n-core'));
const { Container } = requireFromCore('@n8n/di') as { Container: DiContainer };
const { Logger: CoreLogger } = requireFromCore('@n8n/backend-common') as { Logger: unknown };

/** Everything logged through n8n's logger during a run, kept for assertions (leaks, warnings). */
export class CapturingLogger implements Logger {
	constructor(
		readonly lines: LogLine[] = [],
		private readonly scopes: string[] = [],
	) {}

	error(message: string, metadata?: LogMetadata): void {
		this.write('error', message, metadata);
	}

	warn(message: string, metadata?: LogMetadata): void {
		this.write('warn', message, metadata);
	}

	info(message: string, metadata?: LogMetadata): void {
		this.write('info', message, metadata);
	}

	debug(message: string, metadata?: LogMetadata): void {
		this.write('debug', message, metadata);
	}

	/** Mirrors n8n's Logger.scoped(): same sink, tagged lines. */
	scoped(scopes: string | string[]): CapturingLogger {
		return new CapturingLogger(this.lines, [...this.scopes, ...[scopes].flat()]);
	}

	/** Every line with its metadata serialized, errors and nested objects included. */
	text(): string {
		return this.lines
			.map((line) => `${line.level} ${line.message} ${serialize(line.metadata)}`)
			.join('\n');
	}

	write(level: LogLevel, message: string, metadata?: LogMetadata, scopes = this.scopes): void {
		this.lines.push({ level, message, metadata, scopes });
	}
}

let activeLogger: CapturingLogger | undefined;

/**
 * The logger n8n-core resolves from its container. Singletons such as the HTTP client keep the
 * instance they got first, so this one stays registered and forwards to the active run's logger.
 * Lines logged while no run is active are dropped.
 */
class RunLogRouter implements Logger {
	constructor(private readonly scopes: string[] = []) {}

	error(message: string, metadata?: LogMetadata): void {
		activeLogger?.write('error', message, metadata, this.scopes);
	}

	warn(message: string, metadata?: LogMetadata): void {
		activeLogger?.write('warn', message, metadata, this.scopes);
	}

	info(message: string, metadata?: LogMetadata): void {
		activeLogger?.write('info', message, metadata, this.scopes);
	}

	debug(message: string, metadata?: LogMetadata): void {
		activeLogger?.write('debug', message, metadata, this.scopes);
	}

	scoped(scopes: string | string[]): RunLogRouter {
		return new RunLogRouter([...this.scopes, ...[scopes].flat()]);
	}
}

const router = new RunLogRouter();
Container.set(CoreLogger, router);
LoggerProxy.init(router);

/** Sends n8n's log lines (n8n-core's DI logger and LoggerProxy) to `logger` until the returned function runs. */
export function installLogger(logger: CapturingLogger): () => void {
	const previous = activeLogger;
	activeLogger = logger;
	return () => {
		activeLogger = previous;
	};
}

/** JSON of any value, tolerant of cycles, Errors (message, stack, own fields) and deep nesting. */
export function serialize(value: unknown): string {
	const seen = new WeakSet<object>();
	const walk = (current: unknown, depth: number): unknown => {
		if (current === null || typeof current !== 'object') {
			return typeof current === 'bigint' ? current.toString() : current;
		}
		if (seen.has(current) || depth > 12) return '[…]';
		seen.add(current);
		if (Buffer.isBuffer(current)) return current.toString('utf8');
		const out: Record<string, unknown> = {};
		if (current instanceof Error) {
			out.name = current.name;
			out.message = current.message;
			out.stack = current.stack;
			out.cause = walk(current.cause, depth + 1);
		}
		for (const [key, child] of Object.entries(current)) out[key] = walk(child, depth + 1);
		return Array.isArray(current) ? Object.values(out) : out;
	};
	return JSON.stringify(walk(value, 0)) ?? '';
}
