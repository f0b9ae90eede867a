// Live preview of the tagging rules being edited (nothing is saved).
(function () {
  const text = document.getElementById('preview-text');
  const rules = document.getElementById('rules');
  const words = document.getElementById('words');
  const out = document.getElementById('preview-result');
  let timer = null;

  function show(data) {
    out.innerHTML = '';
    if (data.errors) {
      for (const e of data.errors) {
        const d = document.createElement('div'); d.className = 'text-danger'; d.textContent = e; out.appendChild(d);
      }
      return;
    }
    const head = document.createElement('div');
    const names = data.categories.map(c => c.name);
    if (data.urgent) names.push('急难');
    if (data.serious) names.push('严重');
    head.className = 'fw-bold text-body';
    head.id = 'preview-tags';
    head.textContent = names.length ? names.join('、') : '无分类（咨询或求助）';
    out.appendChild(head);
    for (const [k, ws] of Object.entries(data.evidence)) {
      const d = document.createElement('div');
      d.textContent = k + '：' + ws.join('、');
      out.appendChild(d);
    }
    for (const [k, ws] of Object.entries(data.overruled || {})) {
      const d = document.createElement('div');
      d.className = 'text-warning-emphasis';
      d.textContent = '规则命中「' + ws.join('、') + '」（' + k + '），但学习模型判断全文不像此类，未采用。';
      out.appendChild(d);
    }
  }

  function run() {
    if (!text.value.trim()) { return; }
    const body = new URLSearchParams({ rules: rules.value, words: words.value, text: text.value, csrf_token: window.CSRF });
    fetch(window.PREVIEW_URL, { method: 'POST', body, credentials: 'same-origin' })
      .then(r => r.json()).then(show)
      .catch(() => { out.textContent = '预览失败，请稍后重试。'; });
  }
  function schedule() { clearTimeout(timer); timer = setTimeout(run, 400); }
  text.addEventListener('input', schedule);
  rules.addEventListener('input', schedule);
  words.addEventListener('input', schedule);
})();
