/**
 * The version of `@uketori/conformance`, read from its package.json.
 *
 * @module
 */

import { readFileSync } from 'node:fs';

/** The version of this package (the suite version in every report). */
export const SUITE_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
