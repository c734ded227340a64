/**
 * An age check with uketori: `age_20_plus` asks for `age_over_20` only, keeps nothing, and answers
 * "over 20: yes / no".
 *
 * @packageDocumentation
 */

export { AGE_PURPOSE, createAgeCheckApp, over20Of, type AgeCheckOptions, type SigningKey } from './app.js';
export { startAgeCheck, type AgeCheckServer, type StartAgeCheckOptions } from './server.js';
