// The lint plugins, loaded so that every `require('typescript')` in this ESLint process gets the
// TypeScript 6 of this workspace: typescript-eslint and ts-api-utils (which npm hoists to the
// root) parse with the TypeScript JS API, which the project's TypeScript 7 (native) lacks.
import Module, { createRequire } from 'node:module';

const typescript6 = createRequire(import.meta.url).resolve('typescript');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'typescript' ? typescript6 : resolve.call(this, request, ...rest);
};

export const { default: js } = await import('@eslint/js');
export const { default: prettierConfig } = await import('eslint-config-prettier');
export const { default: tseslint } = await import('typescript-eslint');
