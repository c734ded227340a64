// Creates an age_20_plus transaction, presents it, and shows only the yes / no answer.
const $ = (id) => document.getElementById(id);
const say = (view) => {
  $('answer').textContent = view.ok === false ? `確認できませんでした (${view.error?.code ?? 'error'})`
    : view.result.over20 === true ? '20歳以上: はい' : view.result.over20 === false ? '20歳以上: いいえ' : '確認できませんでした';
};
async function create(flow) {
  const res = await fetch('/uketori/transactions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ purpose: 'age_20_plus', flow }) });
  if (!res.ok) throw new Error((await res.json()).code);
  return res.json();
}
$('dc-api').addEventListener('click', async () => {
  const tx = await create('dc-api-annex-c');
  const credential = await navigator.credentials.get({ mediation: 'required', digital: { requests: [tx.request] } });
  const res = await fetch(tx.completeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ protocol: credential.protocol, data: credential.data }) });
  const body = await res.json();
  say(res.ok ? body : { ok: false, error: { code: body.code } });
});
$('oid4vp').addEventListener('click', async () => {
  const tx = await create('oid4vp');
  $('link-text').textContent = tx.link; // render it as a QR code in a real page
  $('link').hidden = false;
  const events = new EventSource(tx.eventsUrl);
  events.addEventListener('result', (e) => { events.close(); say(JSON.parse(e.data)); });
});
