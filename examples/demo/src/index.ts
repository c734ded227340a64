/**
 * The demo relying-party site (`pnpm demo`): pick a purpose and a flow, see what is asked and why,
 * answer with the test wallet, see the verified, policy-checked result and its audit record.
 *
 * @packageDocumentation
 */

export { startDemo, DEMO_FLOWS, DEMO_PURPOSES, type Demo, type DemoOptions } from './server.js';
export { describePurpose, type PurposeView, type ElementView } from './describe.js';
export { createDemoFixtures, type DemoFixtures } from './fixtures.js';
export { DEMO_FAULTS, demoWalletRouter, type DemoWalletOptions } from './wallet.js';
