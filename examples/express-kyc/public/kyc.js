// The onboarding page: creates a transaction at the uketori router, presents it (DC API or QR),
// and shows whether the identification completed. Everything from the server is set as text.
const $ = (id) => document.getElementById(id);
const status = (text) => { $('status').textContent = text; };

async function createTransaction(flow) {
  const res = await fetch('/uketori/transactions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ purpose: 'aml_kyc_jp', flow }),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(body.code ?? `HTTP ${res.status}`);
  return body;
}

function showResult(view) {
  if (view.ok === false) return status(`確認できませんでした (${view.error?.code ?? 'error'})`);
  status(view.outcome === 'complete' ? '本人確認が完了しました。' : '必要な項目が揃いませんでした。もう一度お試しください。');
}

// ISO/IEC 18013-7 Annex C: the request goes to navigator.credentials.get, the answer back to the router.
async function withDcApi() {
  const tx = await createTransaction('dc-api-annex-c');
  status('ウォレットで確認してください…');
  const credential = await navigator.credentials.get({ mediation: 'required', digital: { requests: [tx.request] } });
  const res = await fetch(tx.completeUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ protocol: credential.protocol, data: credential.data }),
  });
  const body = await res.json();
  showResult(res.ok ? body : { ok: false, error: { code: body.code } });
}

// OpenID4VP cross-device: show the link as a QR code, learn the result by server-sent events.
async function withQr() {
  const tx = await createTransaction('oid4vp');
  $('qr-image').src = `/kyc/qr.svg?link=${encodeURIComponent(tx.link)}`;
  $('qr').hidden = false;
  status('QR コードをウォレットで読み取ってください…');
  const events = new EventSource(tx.eventsUrl);
  events.addEventListener('result', (e) => { events.close(); $('qr').hidden = true; showResult(JSON.parse(e.data)); });
  events.addEventListener('problem', (e) => { events.close(); status(`エラー (${JSON.parse(e.data).code})`); });
}

const run = (fn) => () => fn().catch((err) => status(`エラー: ${err.message}`));

const config = await (await fetch('/kyc/config')).json();
$('purpose-name').textContent = config.purpose.name.ja;
$('user-text').textContent = config.purpose.userText.ja;
$('test-notice').hidden = !config.test;
$('jpki').hidden = !config.jpki;
if (typeof window.DigitalCredential === 'undefined') {
  $('dc-api').disabled = true;
  $('dc-api-unsupported').hidden = false;
}
$('dc-api').addEventListener('click', run(withDcApi));
$('oid4vp').addEventListener('click', run(withQr));
const returned = new URLSearchParams(location.search).get('kyc');
if (returned !== null) showResult({ ok: true, outcome: returned });
