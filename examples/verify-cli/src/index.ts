/**
 * Verifying a captured DeviceResponse with the library API, as `uketori verify` does.
 *
 * @packageDocumentation
 */

export { verifyCapture, readBytes, type CaptureFiles, type CaptureOutcome } from './verify-capture.js';
export { run, USAGE, type Output } from './cli.js';
