/**
 * Targets that misbehave are judged, not trusted: a program that rejects everything cannot pass a
 * response-side criterion, a throw is a crash, silence is a hang, nonsense is not an outcome, and
 * a program that cannot start a transaction leaves every criterion undecided.
 */
import { describe, expect, it } from 'vitest';
import { ReferenceReceiver, runConformance, type CriterionResult, type TargetEnvironment, type TargetOutcome, type TargetRequest } from '../src/index.js';

const NOW = new Date('2026-10-01T00:00:00Z');

function receiving(behaviour: () => Promise<unknown>) {
  return class extends ReferenceReceiver {
    override receive(): Promise<TargetOutcome> {
      return behaviour() as Promise<TargetOutcome>;
    }
  };
}

function goodAnswerStep(result: CriterionResult) {
  return result.evidence.find((e) => e.step === 'good-answer');
}

describe('misbehaving targets', () => {
  it('a program that rejects everything fails every criterion that needs an accepted answer', async () => {
    const RejectsAll = receiving(async () => ({ accepted: false, code: 'NO' }));
    const report = await runConformance({ target: (env) => new RejectsAll(env), purpose: 'aml_kyc_jp', now: NOW });
    const verdicts = Object.fromEntries(report.criteria.map((c) => [c.id, c.verdict]));
    const inspectionOnly = ['request-minimality', 'purpose-shown', 'reader-authentication'];
    for (const c of report.criteria) expect([c.id, c.verdict]).toEqual([c.id, inspectionOnly.includes(c.id) ? 'pass' : 'fail']);
    expect(verdicts['single-use-nonce']).toBe('fail');
    expect(report.summary.conformant).toBe(false);
  });

  it('a throw from receive() is recorded as a crash, not a rejection', async () => {
    const Throws = receiving(async () => {
      throw new RangeError('boom');
    });
    const report = await runConformance({ target: (env) => new Throws(env), purpose: 'age_20_plus', now: NOW, only: ['malformed-input'] });
    const [result] = report.criteria;
    expect(result!.verdict).toBe('fail');
    expect(result!.evidence.find((e) => e.step === 'empty')).toMatchObject({ observed: 'crashed: receive() threw RangeError', passed: false });
  });

  it('no answer within the timeout is a hang', async () => {
    const Hangs = receiving(() => new Promise(() => undefined));
    const report = await runConformance({ target: (env) => new Hangs(env), purpose: 'age_20_plus', now: NOW, timeoutMs: 30, only: ['ds-revocation'] });
    expect(goodAnswerStep(report.criteria[0]!)).toMatchObject({ observed: 'no answer within 30 ms', passed: false });
    expect(report.criteria[0]!.evidence.find((e) => e.step === 'fault:revoked-ds')).toMatchObject({ passed: false });
  });

  it('an answer that is not an outcome is neither acceptance nor rejection', async () => {
    const Nonsense = receiving(async () => ({ ok: true }));
    const report = await runConformance({ target: (env) => new Nonsense(env), purpose: 'age_20_plus', now: NOW, only: ['ds-revocation'] });
    expect(goodAnswerStep(report.criteria[0]!)).toMatchObject({ observed: 'receive() returned something that is not a TargetOutcome', passed: false });
  });

  it('a program that cannot start a transaction leaves every criterion undecided (error), and is not conformant', async () => {
    class CannotStart extends ReferenceReceiver {
      override async start(): Promise<TargetRequest> {
        throw new Error('down');
      }
    }
    const report = await runConformance({ target: (env) => new CannotStart(env), purpose: 'aml_kyc_jp', now: NOW });
    expect(new Set(report.criteria.map((c) => c.verdict))).toEqual(new Set(['error']));
    expect(report.summary).toMatchObject({ error: 16, conformant: false });
    expect(report.summary.mandatoryFailed).toHaveLength(15);
  });

  it('a factory that throws, or is not a function, stops the run with ERR_CONFORMANCE_TARGET', async () => {
    await expect(
      runConformance({
        target: () => {
          throw new Error('no');
        },
        purpose: 'aml_kyc_jp',
      }),
    ).rejects.toMatchObject({ code: 'ERR_CONFORMANCE_TARGET' });
    await expect(runConformance({ target: 'reference' as unknown as (env: TargetEnvironment) => ReferenceReceiver, purpose: 'aml_kyc_jp' })).rejects.toMatchObject({ code: 'ERR_CONFORMANCE_TARGET' });
  });

  it('gives each criterion a fresh target, so logs and transactions do not mix', async () => {
    let created = 0;
    await runConformance({
      target: (env) => {
        created++;
        return new ReferenceReceiver(env);
      },
      purpose: 'age_20_plus',
      now: NOW,
    });
    expect(created).toBe(16 + 1); // one per criterion, one for describe()
  });
});
