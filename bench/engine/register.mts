/**
 * Loaded with `node --import tsx --import ./bench/engine/register.mts` in every scenario child.
 *
 * n8n-core is CommonJS and loads n8n-workflow's CommonJS build, while an `.mts` file importing
 * 'n8n-workflow' would get its ESM build: two copies, two sets of classes and of module state
 * (LoggerProxy, `instanceof NodeApiError`). vitest.config.mts aliases the package to the CJS build for
 * the same reason; this resolve hook does it for plain Node.
 */

import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const cjsEntry = pathToFileURL(createRequire(import.meta.url).resolve('n8n-workflow')).href;

const hooks = `
export async function resolve(specifier, context, next) {
	if (specifier === 'n8n-workflow') return { url: ${JSON.stringify(cjsEntry)}, format: 'commonjs', shortCircuit: true };
	return next(specifier, context);
}`;

register(`data:text/javascript,${encodeURIComponent(hooks)}`);
