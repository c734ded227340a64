/**
 * `@uketori/reader/testing`: the holder side of a proximity session, for loopback tests, demos
 * and kiosk rehearsals. It is kept out of the main entry point so production code cannot pick it
 * up by accident: a loopback holder answers any reader its options allow.
 *
 * @module
 */

export { createLoopbackHolder, type LoopbackHolder, type LoopbackHolderOptions, type HolderRequest } from './holder.js';
