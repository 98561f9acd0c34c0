// Live relay board: reads api/board/events (text/event-stream) with fetch, because EventSource cannot send
// the admin API's Basic credentials. Every connection starts from a snapshot, so a reconnect never has to
// replay missed events. Everything is rendered with textContent: call data never becomes markup.
'use strict';
(() => {
  const STREAM_URL = 'api/board/events';           // relative: the app lives under a context root
  const AUTH_KEY = 'relaybridge.board.auth';
  const RECENT_MAX = 20;
  const BACKOFF_MS = [1000, 2000, 5000];
  const SILENCE_MS = 45000;                        // three missed 15 s pings: the connection is dead
  const FRESH_MS = 8000;                           // how long a new row stays highlighted
  const TZ = 'Europe/Stockholm';

  const SERVICES = {
    text: { label: 'Text', sub: 'texttelefon' },
    video: { label: 'Video', sub: 'bildtelefon · teckenspråk' },
    speech: { label: 'Teletal', sub: 'talstöd' },
  };
  const OTHER = { label: 'Utan relä', sub: 'vanligt samtal' };
  const STATES = { offered: 'inkommande', ringing: 'ringer', answered: 'besvarat',
    ended: 'avslutat', refused: 'nekat', failed: 'misslyckat' };
  const TERMINAL = new Set(['ended', 'refused', 'failed']);
  const LANGUAGES = { sv: 'svenska', en: 'engelska', swl: 'teckenspråk', fi: 'finska', ar: 'arabiska',
    so: 'somaliska', fa: 'persiska', ti: 'tigrinja', pl: 'polska', de: 'tyska' };

  const timeFormat = new Intl.DateTimeFormat('sv-SE',
    { timeZone: TZ, hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const dueFormat = new Intl.DateTimeFormat('sv-SE',
    { timeZone: TZ, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  const CALLBACK_STATES = { pending: 'väntar', calling: 'ringer upp', done: 'genomförd', failed: 'misslyckad',
    cancelled: 'avbokad' };
  const CALLBACK_OUTCOMES = { connected: 'kopplat', 'nurse-busy': 'sjuksköterskan upptagen',
    'nurse-no-answer': 'sjuksköterskan svarade inte', 'nurse-failed': 'sjuksköterskan gick inte att nå',
    'person-busy': 'personen upptagen', 'person-no-answer': 'personen svarade inte',
    'person-failed': 'personen gick inte att nå', 'grant-expired': 'återuppringningen har gått ut',
    'no-callback-trunk': 'tolktjänsten saknar återuppringning', interrupted: 'avbrutet av omstart',
    'internal-error': 'internt fel', 'hung-up': 'avslutat av operatör' };

  const $ = (selector) => document.querySelector(selector);
  const active = new Map();        // callId -> { view, row, durationCell, firstSeen, fresh }
  let recent = [];                 // CallView, newest first
  let callbacks = [];              // ScheduledCallbackView, unfinished first (the server's order)
  let auth = null;                 // the Authorization header value
  let controller = null;           // aborts the current stream
  let generation = 0;              // a stale stream loop must not touch the board
  let attempt = 0;                 // failures since the last snapshot, for the backoff
  let retryTimer = null;

  // ---- formatting -------------------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs ?? {})) {
      if (value !== null && value !== undefined) node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  const parseTime = (iso) => { const t = iso ? Date.parse(iso) : NaN; return Number.isNaN(t) ? null : t; };
  const clockTime = (iso) => { const t = parseTime(iso); return t === null ? '—' : timeFormat.format(t); };
  const pad = (n) => String(n).padStart(2, '0');

  function span(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));   // the browser's clock may be a little behind the server's
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
  }

  function liveDuration(view, now) {
    const answered = parseTime(view.answeredAt);
    if (answered !== null) return span(now - answered);
    const offered = parseTime(view.offeredAt);
    return offered === null ? '—' : `väntar ${span(now - offered)}`;
  }

  function talkTime(view) {
    const answered = parseTime(view.answeredAt), ended = parseTime(view.endedAt);
    return answered === null || ended === null ? '—' : span(ended - answered);
  }

  const serviceOf = (view) => (SERVICES[view.service] ? view.service : 'other');
  const provider = (view) => view.providerName ?? view.providerId ?? '—';
  const region = (view) => view.regionName ?? (view.region ? `län ${view.region}` : 'nationell');
  const languages = (view) => (Array.isArray(view.languages) ? view.languages : [])
    .map((code) => LANGUAGES[code] ?? code).join(', ');

  function outcomeKind(view) {
    const outcome = view.outcome ?? '';
    if (view.state === 'refused' || outcome.startsWith('refused')) return 'refused';
    if (view.state === 'failed' || outcome.startsWith('failed')) return 'failed';
    return 'completed';
  }

  function outcomeText(view) {
    const outcome = view.outcome;
    if (!outcome) return STATES[view.state] ?? '—';
    if (outcome.startsWith('refused')) {
      const code = outcome.split(':')[1];
      return /^\d{3}$/.test(code ?? '') ? `nekat ${code}` : 'nekat';
    }
    if (outcome.startsWith('failed')) return 'misslyckat';
    if (outcome === 'completed:relay-hangup') return 'avslutat av tolktjänsten';
    if (outcome === 'completed:queue-hangup') return 'avslutat av sjuksköterskan';
    return outcome;
  }

  // ---- cells ------------------------------------------------------------------------------------------

  function cell(field, main, sub, className) {
    return el('td', { 'data-field': field, class: className },
      main, sub ? el('span', { class: 'sub' }, sub) : null);
  }

  function serviceCell(view) {
    const key = serviceOf(view), service = SERVICES[key] ?? OTHER;
    return el('td', { 'data-field': 'service' },
      el('span', { class: `svc-badge svc-${key}` }, service.label), el('span', { class: 'sub' }, service.sub));
  }

  function queueCell(view) {
    const attempts = Number(view.attempts) || 0;
    const mark = attempts > 1
      ? el('span', { class: 'failover-mark', 'data-field': 'failover',
        title: 'Första kömålet svarade inte: samtalet gick vidare till nästa' }, `⤳ ${attempts} försök`)
      : null;
    const transfers = Number(view.transfers) || 0;
    const transferMark = transfers > 0
      ? el('span', { class: 'transfer-mark', 'data-field': 'transfer',
        title: 'En sjuksköterska kopplade vidare samtalet; tolken är kvar i samtalet' },
        transfers > 1 ? `↪ kopplad vidare ${transfers} ggr` : '↪ kopplad vidare')
      : null;
    return el('td', { 'data-field': 'queue' }, el('span', { class: 'queue-name' }, view.queue ?? '—'), mark,
      transferMark);
  }

  // ---- active calls -----------------------------------------------------------------------------------

  function fillActiveRow(entry, now) {
    const view = entry.view;
    entry.row.className = [`svc-row-${serviceOf(view)}`,
      (Number(view.attempts) || 0) > 1 ? 'failover' : '', entry.fresh ? 'fresh' : ''].join(' ').trim();
    entry.durationCell = cell('duration', liveDuration(view, now), null, 'num duration');
    entry.row.replaceChildren(
      serviceCell(view),
      cell('provider', provider(view)),
      cell('interpreter', view.interpreterId ?? '—', languages(view)),
      cell('region', region(view)),
      queueCell(view),
      cell('state', STATES[view.state] ?? view.state ?? '—', null, `state state-${view.state}`),
      cell('since', clockTime(view.offeredAt)),
      entry.durationCell);
  }

  const sortKey = (entry) => parseTime(entry.view.offeredAt) ?? entry.firstSeen;

  function renderActive() {
    const body = $('#active-rows');
    const entries = [...active.values()].sort((a, b) => sortKey(b) - sortKey(a));
    entries.forEach((entry, i) => {
      if (body.children[i] !== entry.row) body.insertBefore(entry.row, body.children[i] ?? null);
    });
    $('#active-empty').hidden = entries.length > 0;
    renderCounts();
  }

  function renderCounts() {
    const counts = { text: 0, video: 0, speech: 0, other: 0 };
    for (const entry of active.values()) counts[serviceOf(entry.view)]++;
    for (const [key, n] of Object.entries(counts)) document.querySelector(`[data-count="${key}"]`).textContent = n;
    $('.count.svc-other').hidden = counts.other === 0;
    const relays = counts.text + counts.video + counts.speech;
    document.title = `(${relays}) Relaysamtal till 1177 — relaybridge`;
  }

  function upsert(view, announce) {
    if (!view || typeof view.callId !== 'string') return;
    if (TERMINAL.has(view.state)) { ended(view); return; }
    let entry = active.get(view.callId);
    const isNew = !entry;
    if (isNew) {
      entry = { row: el('tr', { 'data-call-id': view.callId }), firstSeen: Date.now(), fresh: announce };
      active.set(view.callId, entry);
      if (announce) setTimeout(() => { entry.fresh = false; entry.row.classList.remove('fresh'); }, FRESH_MS);
    }
    entry.view = view;
    fillActiveRow(entry, Date.now());
    renderActive();
    if (isNew && announce) {
      const service = SERVICES[view.service] ?? OTHER;
      say(`Nytt samtal: ${service.label} (${service.sub}), ${provider(view)}, ${region(view)}`);
    }
  }

  function ended(view) {
    const entry = active.get(view.callId);
    if (entry) { entry.row.remove(); active.delete(view.callId); }
    recent = [view, ...recent.filter((r) => r.callId !== view.callId)].slice(0, RECENT_MAX);
    renderRecent();
    renderActive();
  }

  // the call goes on at another node of the cluster: not ended, only no longer this node's
  function moved(view) {
    const entry = active.get(view?.callId);
    if (entry) { entry.row.remove(); active.delete(view.callId); renderActive(); }
  }

  function snapshot(data) {
    active.clear();
    $('#active-rows').replaceChildren();
    recent = (Array.isArray(data?.recent) ? data.recent : []).slice(0, RECENT_MAX);
    for (const view of (Array.isArray(data?.calls) ? data.calls : [])) upsert(view, false);
    callbacks = Array.isArray(data?.callbacks) ? data.callbacks : [];
    renderCallbacks();
    renderEdge(data?.edge);
    renderRecent();
    renderActive();
    say(`${active.size} pågående samtal`);
  }

  // ---- recent -----------------------------------------------------------------------------------------

  function renderRecent() {
    $('#recent-rows').replaceChildren(...recent.map((view) => {
      const kind = outcomeKind(view);
      return el('tr', { 'data-call-id': view.callId, 'data-outcome': kind, class: `outcome-${kind}` },
        cell('ended', clockTime(view.endedAt ?? view.answeredAt ?? view.offeredAt)),
        serviceCell(view),
        cell('provider', provider(view)),
        cell('region', region(view)),
        queueCell(view),
        el('td', { 'data-field': 'outcome', class: 'outcome', title: view.outcome ?? null },
          kind === 'completed' ? null : el('span', { class: 'outcome-icon', 'aria-hidden': 'true' },
            kind === 'refused' ? '✖ ' : '⚠ '),
          outcomeText(view)),
        cell('duration', talkTime(view), null, 'num'));
    }));
    $('#recent-empty').hidden = recent.length > 0;
  }

  // ---- scheduled callbacks ---------------------------------------------------------------------------

  function renderCallbacks() {
    $('#callback-rows').replaceChildren(...callbacks.filter((c) => c && typeof c.id === 'string').map((c) => {
      const due = parseTime(c.dueAt);
      return el('tr', { 'data-callback-id': c.id, class: `callback-${c.state}` },
        cell('due', due === null ? '—' : dueFormat.format(due)),
        cell('provider', c.profileId ?? '—'),
        cell('nurse', c.nurse ?? '—'),
        cell('state', CALLBACK_STATES[c.state] ?? c.state ?? '—', null, `state state-${c.state}`),
        cell('attempts', String(Number(c.attempts) || 0), null, 'num'),
        cell('outcome', c.lastOutcome ? (CALLBACK_OUTCOMES[c.lastOutcome] ?? c.lastOutcome) : '—'));
    }));
    $('#callbacks-empty').hidden = callbacks.length > 0;
  }

  // ---- the SIP edge: sources the flood guard bans now -------------------------------------------------

  function renderEdge(edge) {
    const banned = Math.max(0, Number(edge?.bannedSources) || 0);
    $('#edge [data-field="banned-sources"]').textContent = String(banned);
    $('#edge [data-field="banned-label"]').textContent = banned === 1 ? 'SIP-källa spärrad' : 'SIP-källor spärrade';
    $('#edge').hidden = banned === 0;
  }

  // ---- announcements, clock ---------------------------------------------------------------------------

  function say(text) {
    const announcer = $('#announcer');
    announcer.textContent = '';
    // a fresh text node after a tick, so a repeated message is announced again
    setTimeout(() => { announcer.textContent = text; }, 50);
  }

  function tick() {
    const now = Date.now();
    $('#clock').textContent = timeFormat.format(now);
    for (const entry of active.values()) entry.durationCell.textContent = liveDuration(entry.view, now);
  }

  // ---- the stream -------------------------------------------------------------------------------------

  // text/event-stream framing (WHATWG HTML §9.2): lines end in CRLF, LF or CR; a blank line dispatches.
  function eventParser(dispatch) {
    let type = '', data = [];
    return (line) => {
      if (line === '') {
        if (data.length) dispatch(type || 'message', data.join('\n'));
        type = ''; data = [];
        return;
      }
      if (line.startsWith(':')) return;                 // comment: the server's heartbeat
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
      // id and retry are not used: every connection starts again from a snapshot
    };
  }

  function takeLines(buffer, onLine) {
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const c = buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      if (c === '\r' && i + 1 === buffer.length) break;  // maybe the first half of a CRLF split over chunks
      onLine(buffer.slice(start, i));
      if (c === '\r' && buffer[i + 1] === '\n') i++;
      start = i + 1;
    }
    return buffer.slice(start);
  }

  function onEvent(type, text) {
    try {
      let payload = JSON.parse(text);
      // a JAX-RS SSE event with a JSON media type may arrive as a JSON string of the JSON: unwrap it once
      if (typeof payload === 'string') payload = JSON.parse(payload);
      if (type === 'snapshot') { snapshot(payload); attempt = 0; setConnection('live'); }
      else if (type === 'call') upsert(payload, true);
      else if (type === 'ended') ended(payload);
      else if (type === 'moved') moved(payload);
      else if (type === 'callbacks') { callbacks = Array.isArray(payload) ? payload : []; renderCallbacks(); }
      else if (type === 'edge') renderEdge(payload);
    } catch (err) {
      console.warn('board: event skipped', type, err);   // one bad event must not cost the stream
    }
  }

  async function readEvents(body, mine) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parse = eventParser(onEvent);
    let buffer = '', silence = null;
    const rearm = () => { clearTimeout(silence); silence = setTimeout(() => controller?.abort(), SILENCE_MS); };
    rearm();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || mine !== generation) return;
        rearm();
        buffer = takeLines(buffer + decoder.decode(value, { stream: true }), parse);
      }
    } finally {
      clearTimeout(silence);
    }
  }

  async function connect() {
    clearTimeout(retryTimer);
    const mine = ++generation;
    controller?.abort();
    controller = new AbortController();
    try {
      // credentials 'omit': a 401 with the API's Basic challenge then comes back to this script instead of
      // opening the browser's own login dialog (Fetch standard, HTTP-network-or-cache fetch)
      const response = await fetch(STREAM_URL, { headers: { Authorization: auth, Accept: 'text/event-stream' },
        credentials: 'omit', cache: 'no-store', signal: controller.signal });
      if (mine !== generation) return;
      if (response.status === 401) { showLogin('Fel användarnamn eller lösenord'); return; }
      if (response.status === 403) { showLogin('Inloggningen har ingen behörighet till tavlan'); return; }
      if (response.ok && response.body) await readEvents(response.body, mine);
    } catch (err) {
      // network error, or aborted by the silence watchdog: both mean reconnect
    }
    if (mine === generation) broken();
  }

  function broken() {
    setConnection('broken');
    const delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
    attempt++;
    retryTimer = setTimeout(connect, delay);
  }

  function setConnection(state) {
    const banner = $('#connection');
    banner.dataset.state = state;
    document.body.dataset.connection = state;
    banner.textContent = { connecting: 'Ansluter …', broken: '⚠ anslutning bruten — försöker igen' }[state] ?? '';
    banner.hidden = !banner.textContent;
  }

  // ---- login ------------------------------------------------------------------------------------------

  function basic(user, password) {
    // UTF-8 like the server decodes it; btoa alone would throw on characters outside Latin-1
    const bytes = new TextEncoder().encode(`${user}:${password}`);
    return `Basic ${btoa(String.fromCharCode(...bytes))}`;
  }

  function stop() {
    generation++;
    clearTimeout(retryTimer);
    controller?.abort();
    controller = null;
  }

  function showLogin(message) {
    stop();
    auth = null;
    sessionStorage.removeItem(AUTH_KEY);
    setConnection('idle');
    $('#board').hidden = true;
    $('#logout').hidden = true;
    $('#login').hidden = false;
    $('#login-error').textContent = message ?? '';
    $('#login-password').value = '';
    $(message && $('#login-user').value ? '#login-password' : '#login-user').focus();
  }

  function startBoard() {
    $('#login').hidden = true;
    $('#board').hidden = false;
    $('#logout').hidden = false;
    attempt = 0;
    setConnection('connecting');
    connect();
  }

  $('#login').addEventListener('submit', (e) => {
    e.preventDefault();
    auth = basic($('#login-user').value, $('#login-password').value);
    sessionStorage.setItem(AUTH_KEY, auth);
    $('#login-error').textContent = '';
    startBoard();
  });

  $('#logout').addEventListener('click', () => {
    active.clear();
    recent = [];
    callbacks = [];
    $('#active-rows').replaceChildren();
    renderRecent();
    renderCallbacks();
    renderCounts();
    renderEdge(null);
    showLogin();
  });

  renderRecent();
  renderActive();
  renderCallbacks();
  tick();
  setInterval(tick, 1000);
  auth = sessionStorage.getItem(AUTH_KEY);
  if (auth) startBoard(); else showLogin();
})();
