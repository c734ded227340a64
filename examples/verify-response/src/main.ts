import { verifyKycAnswer } from './index.js';

const doc = await verifyKycAnswer();
for (const [ns, elements] of Object.entries(doc.issuerSigned)) {
  for (const [id, value] of Object.entries(elements)) {
    // Never log personal data in production; this prints the test sender's made-up values.
    console.log(`${ns} ${id}: ${value instanceof Uint8Array ? `<${value.length} bytes>` : String(value)}`);
  }
}
