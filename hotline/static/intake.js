// Intake form: show the caller's earlier matters as soon as a phone or ID number is typed,
// and show the "answer now" box only for consultations.
(function () {
  const phone = document.getElementById('caller_phone');
  const idNumber = document.getElementById('caller_id_number');
  const list = document.getElementById('earlier-list');
  const empty = document.getElementById('earlier-empty');
  const kind = document.getElementById('kind');
  const answerBox = document.getElementById('answer-now-box');
  let timer = null;

  function render(cases) {
    list.innerHTML = '';
    if (!cases.length) {
      empty.textContent = '没有查到该来电人以前的事项。';
      empty.style.display = '';
      return;
    }
    empty.style.display = 'none';
    for (const c of cases) {
      const li = document.createElement('li');
      li.className = 'list-group-item';
      const a = document.createElement('a');
      a.href = c.url; a.target = '_blank'; a.textContent = c.case_no;
      const meta = document.createElement('div');
      meta.className = 'text-muted small';
      meta.textContent = `${c.received_at} · ${c.kind} · ${c.town} · ${c.status}`;
      const summary = document.createElement('div');
      summary.textContent = c.summary;
      li.append(a, meta, summary);
      list.appendChild(li);
    }
  }

  function lookup() {
    const params = new URLSearchParams({ phone: phone.value.trim(), id_number: idNumber.value.trim() });
    if (phone.value.trim().length < 5 && idNumber.value.trim().length !== 18) { return; }
    fetch(window.EARLIER_URL + '?' + params, { credentials: 'same-origin' })
      .then(r => r.ok ? r.json() : { cases: [] })
      .then(data => render(data.cases))
      .catch(() => { empty.textContent = '历史事项查询失败，请稍后重试。'; });
  }

  function schedule() { clearTimeout(timer); timer = setTimeout(lookup, 300); }
  phone.addEventListener('input', schedule);
  idNumber.addEventListener('input', schedule);
  if (phone.value || idNumber.value) { lookup(); }

  function toggleAnswer() { answerBox.style.display = kind.value === '咨询' ? '' : 'none'; }
  kind.addEventListener('change', toggleAnswer);
  toggleAnswer();
})();
