/**
 * The black-box runner against the HTTP reference receiver (@uketori/express with the OpenID4VP
 * 1.0 flow): it passes every criterion observable over HTTP; the start contract's three answer
 * forms work; what cannot be observed without a result URL or an evidence endpoint comes out
 * not-observed with its reason, and the run is then not conformant; a program that does not
 * follow the contract is not cleared.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { HTTP_CHECKS, httpReferenceReceiver, loadCatalogue, runConformance, runHttpConformance, startHttpReceiver, type HttpTargetServer } from '../src/index.js';

const NOW = new Date('2026-10-01T00:00:00Z');

/**
 * The reference behind a front page that follows another form of the start contract and gives
 * no result URL and no evidence endpoint: what a minimal OpenID4VP verifier exposes.
 */
function fronted(form: 'json' | 'text' | 'redirect'): HttpTargetServer {
  return async (environment) => {
    const inner = await startHttpReceiver(environment);
    const app = express();
    app.all('/start', async (req, res) => {
      const created = await fetch(inner.target.start.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ purpose: req.query['purpose'], flow: 'oid4vp' }) });
      const { link } = (await created.json()) as { link: string };
      if (form === 'text') res.type('text/plain').send(link);
      else if (form === 'redirect') res.redirect(302, link);
      else res.status(201).json({ link });
    });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      target: { start: { url: `http://127.0.0.1:${port}/start?purpose={purpose}`, method: form === 'json' ? 'POST' : 'GET' }, description: { name: `front (${form})`, version: '1' } },
      async close() {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await inner.close();
      },
    };
  };
}

describe('the HTTP reference receiver, reviewed over HTTP', () => {
  it.each(['aml_kyc_jp', 'age_20_plus', 'mobile_contract_jp'])('passes every criterion for %s', async (purpose) => {
    const report = await runHttpConformance({ target: httpReferenceReceiver, purpose, now: NOW });
    expect(report.criteria.map((c) => [c.id, c.verdict])).toEqual(loadCatalogue().criteria.map((c) => [c.id, 'pass']));
    expect(report.summary).toMatchObject({ total: 16, pass: 16, conformant: true });
  });

  it('shows exactly the catalogue\'s HTTP steps as evidence, each passed, at the HTTP severity', async () => {
    const report = await runHttpConformance({ target: httpReferenceReceiver, purpose: 'aml_kyc_jp', now: NOW });
    for (const c of report.criteria) {
      const entry = loadCatalogue().criteria.find((e) => e.id === c.id)!;
      expect(c.evidence.map((e) => e.step), c.id).toEqual(entry.http.checks.map((s) => s.step));
      expect(c.checks, c.id).toEqual(entry.http.checks);
      expect(c.severity, c.id).toBe(entry.http.severity ?? entry.severity);
      expect(c.evidence.every((e) => e.passed), c.id).toBe(true);
    }
    expect(report.criteria.find((c) => c.id === 'reader-authentication')!.severity).toBe('mandatory');
  });

  it('passes for mynumber_collection_jp, where the individual-number criterion does not apply', async () => {
    const report = await runHttpConformance({ target: httpReferenceReceiver, purpose: 'mynumber_collection_jp', now: NOW });
    expect(report.criteria.filter((c) => c.verdict !== 'pass').map((c) => [c.id, c.verdict])).toEqual([['individual-number-scope', 'not-applicable']]);
  });

  it('refuses each fault with the code uketori raises for it, and records the run as http', async () => {
    const report = await runConformance({ target: { start: { url: 'http://127.0.0.1:9/never' } }, purpose: 'aml_kyc_jp', now: NOW, only: [] });
    expect(report.target).toMatchObject({ runner: 'http', location: 'http://127.0.0.1:9/never' });
    const full = await runHttpConformance({ target: httpReferenceReceiver, purpose: 'aml_kyc_jp', now: NOW, location: 'http-reference' });
    expect(full.target).toMatchObject({ name: 'uketori HTTP reference receiver', runner: 'http', location: 'http-reference' });
    const faults = full.criteria.flatMap((c) => c.evidence).filter((e) => e.expectedCode !== undefined);
    expect(faults.length).toBeGreaterThan(20);
    for (const e of faults) expect(e.observedCode, e.step).toBe(e.expectedCode);
    const steps = full.criteria.flatMap((c) => c.evidence.map((e) => e.step));
    for (const step of ['resubmit-same-answer', 'answer-other-transaction', 'online:wrong-nonce', 'inspect-dcql', 'inspect-request-object', 'oversized', 'still-answering']) expect(steps).toContain(step);
  });

  it.each(['json', 'text', 'redirect'] as const)('follows the %s start answer; without a result URL or evidence endpoint, three criteria are not observed and the run is not conformant', async (form) => {
    const report = await runHttpConformance({ target: fronted(form), purpose: 'aml_kyc_jp', now: NOW });
    const verdicts = Object.fromEntries(report.criteria.map((c) => [c.id, c.verdict]));
    expect(Object.entries(verdicts).filter(([, v]) => v !== 'pass')).toEqual([
      ['purpose-shown', 'not-observed'],
      ['drop-unrequested', 'not-observed'],
      ['no-personal-data-in-logs', 'not-observed'],
    ]);
    for (const c of report.criteria.filter((r) => r.verdict === 'not-observed')) expect(c.summary).toMatch(/not observable/);
    expect(report.target.name).toBe(`front (${form})`);
    // Nothing failed, yet nobody saw three mandatory behaviours: the program is not cleared of them.
    expect(report.summary).toMatchObject({ fail: 0, error: 0, notObserved: 3, mandatoryFailed: [], mandatoryNotObserved: ['purpose-shown', 'drop-unrequested', 'no-personal-data-in-logs'], conformant: false });
  });

  it('leaves every criterion undecided for a start URL that does not follow the contract', async () => {
    const notFound: HttpTargetServer = async (env) => {
      const running = await startHttpReceiver(env);
      return { ...running, target: { start: { url: running.target.start.url.replace('/transactions', '/nothing') } } };
    };
    const report = await runHttpConformance({ target: notFound, purpose: 'age_20_plus', now: NOW });
    expect(new Set(report.criteria.map((c) => c.verdict))).toEqual(new Set(['error']));
    expect(report.criteria[0]!.summary).toContain('ERR_CONFORMANCE_TARGET');
    expect(report.summary.conformant).toBe(false);
  });

  it('refuses a start URL that is not https (or http on loopback), with ERR_CONFORMANCE_TARGET', async () => {
    await expect(runHttpConformance({ target: { start: { url: 'http://rp.example/start' } }, purpose: 'aml_kyc_jp' })).rejects.toMatchObject({ code: 'ERR_CONFORMANCE_TARGET' });
    await expect(runHttpConformance({ target: { start: { url: 'https://rp.example/start', method: 'PUT' as 'POST' } }, purpose: 'aml_kyc_jp' })).rejects.toMatchObject({ code: 'ERR_CONFORMANCE_TARGET' });
    await expect(
      runHttpConformance({
        target: async () => {
          throw new Error('port in use');
        },
        purpose: 'aml_kyc_jp',
      }),
    ).rejects.toMatchObject({ code: 'ERR_CONFORMANCE_TARGET' });
  });

  it('has an HTTP check for every criterion of the catalogue, and none without one', () => {
    expect([...HTTP_CHECKS.keys()].sort()).toEqual(loadCatalogue().criteria.map((c) => c.id).sort());
  });
});
