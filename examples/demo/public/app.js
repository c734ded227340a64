// The demo page. It talks to the router a business mounts (@uketori/express at /uketori) exactly as a
// production page would, and to /demo/wallet, the test wallet standing in for the person's phone.
// Everything it prints is set with textContent: nothing from the server is parsed as HTML.

const TEXT = {
  ja: {
    title: 'uketori デモ', banner: 'テスト用の鍵とテストウォレットで動くデモです。本番には使えません。',
    step1: '1. 目的と方式を選ぶ', purpose: '利用目的', flow: '受け取り方式', faultSummary: 'わざと失敗させる(テストウォレットの不正)',
    fault: '不正の種類', noFault: 'なし(正しく提示する)', step2: '2. 要求する項目と理由', element: '項目', required: '必須', retained: '保存',
    basis: '法的根拠', start: 'この内容で要求する', step3: '3. スマートフォンで提示', scan: 'ウォレットでこの QR コードを読み取ってください。',
    dcApi: 'ブラウザのデジタル身分証明書 API(DC API)で要求します。このデモではテストウォレットが応答します。', answer: 'テストウォレットで提示する',
    waiting: 'ウォレットからの応答を待っています…', step4: '4. 結果', value: '値', auditTitle: '監査記録(個人情報を含まない)', again: 'もう一度',
    footer: 'uketori — ISO/IEC 18013-5/7 mdoc を受け取る事業者向け SDK', yes: 'はい', no: 'いいえ', notRetained: '保存しない',
    retainFor: (p, from) => `${p}(${from === 'relationship_end' ? '取引終了から' : '確認時から'})`, sensitive: '機微',
    complete: '確認できました。目的に必要な項目がすべて検証されました。', incomplete: '確認できませんでした。必要な項目がそろっていません:',
    dropped: (n) => `要求していない項目 ${n} 件を破棄しました(保存も表示もしません)。`, notShown: '(表示しません)',
    failed: '確認できませんでした。', code: 'エラーコード', networkError: 'サーバーに接続できませんでした。',
  },
  en: {
    title: 'uketori demo', banner: 'A demo on test keys and the test wallet. Never for production.',
    step1: '1. Choose a purpose and a flow', purpose: 'Purpose', flow: 'Flow', faultSummary: 'Make it fail (a misbehaving test wallet)',
    fault: 'Fault', noFault: 'none (present correctly)', step2: '2. What is asked, and why', element: 'Element', required: 'Required', retained: 'Retained',
    basis: 'Legal basis', start: 'Request this', step3: '3. Present from the phone', scan: 'Scan this QR code with the wallet.',
    dcApi: "The request goes through the browser's Digital Credentials API. In this demo the test wallet answers.", answer: 'Present with the test wallet',
    waiting: 'Waiting for the wallet…', step4: '4. Result', value: 'Value', auditTitle: 'Audit record (no personal data)', again: 'Again',
    footer: 'uketori — an SDK for businesses receiving ISO/IEC 18013-5/7 mdocs', yes: 'yes', no: 'no', notRetained: 'not retained',
    retainFor: (p, from) => `${p} (from ${from === 'relationship_end' ? 'the end of the relationship' : 'the verification'})`, sensitive: 'sensitive',
    complete: 'Verified: every element the purpose needs was received and checked.', incomplete: 'Not verified: required elements are missing:',
    dropped: (n) => `${n} element(s) that were not asked for were dropped (neither kept nor shown).`, notShown: '(not shown)',
    failed: 'Not verified.', code: 'Error code', networkError: 'Could not reach the server.',
  },
};

// What each stable code means to a person. Codes not listed fall back to the problem's title.
const CODE_TEXT = {
  ERR_VALUE_DIGEST: { ja: '提示されたデータが改ざんされています。', en: 'The presented data was altered.' },
  ERR_MSO_VALIDITY: { ja: '証明書データの有効期間外です。', en: 'The credential is outside its validity period.' },
  ERR_DS_REVOCATION: { ja: '発行者の署名用証明書が失効しています。', en: "The issuer's signing certificate is revoked." },
  ERR_DS_CHAIN: { ja: '信頼できる発行者の署名ではありません。', en: 'Not signed by a trusted issuer.' },
  ERR_DEVICE_AUTH: { ja: 'この取引のための提示ではありません(端末の署名が一致しません)。', en: 'Not presented for this transaction (the device signature does not match).' },
  ERR_ONLINE_DECRYPT: { ja: '応答を復号できません(別の取引・別のサイト向けの応答です)。', en: 'The answer cannot be decrypted (it was made for another transaction or site).' },
  ERR_ONLINE_ORIGIN: { ja: '別のサイトに向けた応答です。', en: 'The answer was made for another site.' },
  ERR_TRANSACTION_CONSUMED: { ja: 'この取引はすでに完了しています。', en: 'This transaction is already complete.' },
  ERR_TRANSACTION_NOT_FOUND: { ja: '取引の有効期限が切れました。もう一度お試しください。', en: 'The transaction expired. Please try again.' },
};

const ELEMENT_NAMES = {
  full_name_unicode: { ja: '氏名', en: 'Full name' }, resident_address_unicode: { ja: '住所', en: 'Address' },
  birth_date: { ja: '生年月日', en: 'Date of birth' }, sex: { ja: '性別', en: 'Sex' }, portrait: { ja: '顔写真', en: 'Portrait' },
  age_over_20: { ja: '20歳以上', en: 'Age over 20' }, individual_number_unicode: { ja: '個人番号', en: 'Individual number' },
  document_number: { ja: '証明書番号', en: 'Document number' }, expiry_date: { ja: '有効期限', en: 'Expiry date' },
  birth_date_unicode: { ja: '生年月日(表記)', en: 'Date of birth (as printed)' }, local_gov_code_unicode: { ja: '住所の市区町村コード', en: 'Municipality code' },
  age_over_18: { ja: '18歳以上', en: 'Age over 18' }, age_over_21: { ja: '21歳以上', en: 'Age over 21' },
};

const $ = (id) => document.getElementById(id);
let lang = 'ja';
let config;
let current;

function t(key) { return TEXT[lang][key]; }

function elementLabel(identifier) {
  const name = ELEMENT_NAMES[identifier]?.[lang];
  return name === undefined ? identifier : `${name} (${identifier})`;
}

function applyLanguage() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const button of document.querySelectorAll('[data-lang]')) button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  if (config) renderChoices();
}

function radio(name, value, label, checked) {
  const wrap = document.createElement('label');
  wrap.className = 'choice';
  const input = document.createElement('input');
  Object.assign(input, { type: 'radio', name, value, checked });
  input.addEventListener('change', renderRequest);
  wrap.append(input, ' ', label);
  return wrap;
}

function selected(name) { return document.querySelector(`input[name="${name}"]:checked`)?.value; }

function renderChoices() {
  const purpose = selected('purpose') ?? config.purposes[0].id;
  const flow = selected('flow') ?? config.flows[0].id;
  $('purposes').replaceChildren(...config.purposes.map((p) => radio('purpose', p.id, p.name[lang], p.id === purpose)));
  $('flows').replaceChildren(...config.flows.map((f) => radio('flow', f.id, f.label[lang], f.id === flow)));
  const fault = $('fault').value;
  $('fault').replaceChildren($('fault').firstElementChild, ...config.faults.map((f) => {
    const option = document.createElement('option');
    option.value = f.id;
    option.textContent = `${f.id} — ${f.description}`;
    return option;
  }));
  $('fault').value = fault;
  renderRequest();
}

function renderRequest() {
  const purpose = config.purposes.find((p) => p.id === selected('purpose'));
  $('purpose-text').textContent = purpose.userText[lang];
  const rows = [];
  for (const doc of purpose.documents) {
    for (const e of doc.elements) {
      const tr = document.createElement('tr');
      const name = document.createElement('td');
      name.textContent = elementLabel(e.identifier);
      if (e.sensitive) {
        const mark = document.createElement('span');
        mark.className = 'sensitive';
        mark.textContent = t('sensitive');
        name.append(mark);
      }
      const code = document.createElement('code');
      code.textContent = ` ${doc.docType}`;
      name.append(document.createElement('br'), code);
      const required = document.createElement('td');
      required.textContent = e.required ? t('yes') : t('no');
      const retained = document.createElement('td');
      retained.textContent = e.retain === null ? t('notRetained') : t('retainFor')(e.retain.period, e.retain.from);
      tr.append(name, required, retained);
      rows.push(tr);
    }
  }
  $('elements').replaceChildren(...rows);
  $('basis').textContent = purpose.legalBasis.map((b) => b[lang]).join(' / ');
}

async function api(path, body) {
  const res = await fetch(path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(json.title ?? `HTTP ${res.status}`), { problem: json });
  return json;
}

async function start() {
  $('start').disabled = true;
  $('result').hidden = true;
  try {
    current = await api('uketori/transactions', { purpose: selected('purpose'), flow: selected('flow') });
    $('present').hidden = false;
    $('answer').disabled = false;
    const crossDevice = typeof current.link === 'string';
    $('qr-box').hidden = !crossDevice;
    $('dc-box').hidden = crossDevice;
    if (crossDevice) {
      $('qr').src = `demo/qr.svg?text=${encodeURIComponent(current.link)}`;
      $('link').textContent = current.link;
    }
    watch(current);
  } catch (error) {
    showFailure(error.problem);
  } finally {
    $('start').disabled = false;
  }
}

// Server-sent events from the router: `status` now, `result` once the wallet has answered.
function watch(tx) {
  const events = new EventSource(tx.eventsUrl.replace(/^https?:\/\/[^/]+/, ''));
  events.addEventListener('result', (event) => {
    events.close();
    showResult(JSON.parse(event.data));
  });
  events.addEventListener('problem', (event) => {
    events.close();
    showFailure(JSON.parse(event.data));
  });
  events.onerror = () => events.close();
}

async function answer() {
  $('answer').disabled = true;
  $('progress').hidden = false;
  const fault = $('fault').value;
  try {
    if (typeof current.link === 'string') {
      // The phone scans the QR code and posts its answer to the router itself; the page learns the
      // result through the event stream.
      await api('demo/wallet/scan', { link: current.link, fault });
    } else {
      // What navigator.credentials.get({ digital: { requests: [request] } }) resolves to.
      const credential = await api('demo/wallet/dc-api', { request: current.request, fault });
      const view = await api(current.completeUrl.replace(/^https?:\/\/[^/]+/, ''), credential).catch((error) => ({ ok: false, error: error.problem }));
      showResult(view);
    }
  } catch (error) {
    showFailure(error.problem);
  }
}

function showResult(view) {
  $('progress').hidden = true;
  $('present').hidden = true;
  $('result').hidden = false;
  const outcome = $('outcome');
  if (!view.ok) return showFailure(view.error);
  const result = view.result;
  const complete = result.outcome === 'complete';
  outcome.className = complete ? 'ok' : 'bad';
  outcome.textContent = complete ? t('complete') : `${t('incomplete')} ${(result.missing ?? []).map((m) => (m.anyOf ?? []).map((e) => elementLabel(e.identifier)).join(' | ')).join(', ')}`;
  const rows = [];
  for (const doc of result.documents ?? []) {
    for (const [, elements] of Object.entries(doc.issuerSigned ?? {})) {
      for (const [identifier, value] of Object.entries(elements)) {
        const tr = document.createElement('tr');
        const name = document.createElement('td');
        name.textContent = elementLabel(identifier);
        const shown = document.createElement('td');
        shown.textContent = value === null || value === undefined ? t('notShown') : typeof value === 'object' ? JSON.stringify(value) : String(value);
        tr.append(name, shown);
        rows.push(tr);
      }
    }
    // Sensitive elements (the portrait) are verified but never sent to the page.
    for (const path of doc.redacted ?? []) {
      const tr = document.createElement('tr');
      const name = document.createElement('td');
      name.textContent = elementLabel(path.split('/').at(-1));
      const shown = document.createElement('td');
      shown.textContent = t('notShown');
      tr.append(name, shown);
      rows.push(tr);
    }
  }
  $('values').replaceChildren(...rows);
  $('values-table').hidden = rows.length === 0;
  const dropped = result.dropped?.length ?? 0;
  $('dropped').hidden = dropped === 0;
  $('dropped').textContent = dropped === 0 ? '' : t('dropped')(dropped);
  refreshAudit();
}

function showFailure(problem) {
  $('progress').hidden = true;
  $('present').hidden = true;
  $('result').hidden = false;
  $('values-table').hidden = true;
  $('dropped').hidden = true;
  const code = problem?.code;
  const outcome = $('outcome');
  outcome.className = 'bad';
  const meaning = code === undefined ? t('networkError') : CODE_TEXT[code]?.[lang] ?? problem.title ?? '';
  outcome.textContent = `${t('failed')} ${meaning}${code === undefined ? '' : ` (${t('code')}: ${code})`}`;
  refreshAudit();
}

async function refreshAudit() {
  try {
    const records = await api(`demo/audit?transaction=${encodeURIComponent(current?.id ?? '')}`);
    $('audit').textContent = JSON.stringify(records, null, 2);
  } catch {
    $('audit').textContent = '';
  }
}

async function main() {
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.addEventListener('click', () => { lang = button.dataset.lang; applyLanguage(); });
  }
  $('start').addEventListener('click', start);
  $('answer').addEventListener('click', answer);
  $('again').addEventListener('click', () => { $('result').hidden = true; $('present').hidden = true; });
  config = await api('demo/config');
  applyLanguage();
  document.body.dataset.ready = 'true';
}

main().catch(() => { $('purpose-text').textContent = TEXT[lang].networkError; });
