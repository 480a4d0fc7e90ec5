// Buy That Look — web page. Plain ES2020, no framework, no build step, nothing
// loaded from another origin. See README.md beside this file for the API it uses.
'use strict';

(() => {
  // ---------------------------------------------------------------- settings
  const K = 6;                      // product cards per item: six distinct variant groups
  const FETCH_K = 30;               // matches asked for, so that six distinct groups are found
  const POLL_MS = 300;              // poll interval while PENDING / DETECTED
  const POLL_GIVE_UP_MS = 60_000;   // give up waiting after this long
  const POLL_NETWORK_RETRIES = 3;   // transient fetch failures tolerated while polling
  const PHOTO_WAIT_MS = 5_000;      // wait at most this long for the photo before "done"
  const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];
  const EXT = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

  // ---------------------------------------------------------------- DOM
  const $ = (id) => document.getElementById(id);
  const el = {
    fileInput: $('file-input'),
    dropZone: $('drop-zone'),
    maxSize: $('max-size'),
    demo: $('demo'),
    demoGrid: $('demo-grid'),
    steps: $('steps'),
    progressBar: $('progress-bar'),
    progressFill: $('progress-fill'),
    status: $('status'),
    error: $('error'),
    errorTitle: $('error-title'),
    errorMessage: $('error-message'),
    errorRetry: $('error-retry'),
    results: $('results'),
    photoFrame: $('photo-frame'),
    photo: $('photo'),
    overlay: $('overlay'),
    photoCaption: $('photo-caption'),
    filters: $('filters'),
    minPrice: $('filter-min-price'),
    maxPrice: $('filter-max-price'),
    brand: $('filter-brand'),
    brandList: $('brand-list'),
    brandChips: $('brand-chips'),
    clearFilters: $('clear-filters'),
    applyFilters: $('apply-filters'),
    noItems: $('no-items'),
    items: $('items'),
    similar: $('similar-panel'),
    similarBack: $('similar-back'),
    similarBackLabel: $('similar-back-label'),
    similarHeading: $('similar-heading'),
    similarSource: $('similar-source'),
    similarGrid: $('similar-grid'),
  };

  // ---------------------------------------------------------------- state
  const state = {
    run: 0,                 // bumped on every new flow; stale async work checks it and stops
    lookId: null,
    look: null,             // last look JSON rendered
    lookDone: false,        // look reached EMBEDDED
    photoUrl: null,         // object URL of the local file (revoked on the next upload)
    photoLabel: 'Your photo',
    maxBytes: null,         // learnt from /health or a POST /looks answer
    filters: { minPrice: null, maxPrice: null, brands: [] },
    brandsSeen: new Map(),  // lower-case → display spelling, for the chips / datalist
    renderKey: '',
    similarStack: [],       // product ids of the "more like this" trail
    similarReturnFocus: null,
  };

  // ---------------------------------------------------------------- errors

  /** An error with a title and message that a person can read. */
  class UserError extends Error {
    constructor(title, message, { retry = null, code = null, retryLabel = 'Try again' } = {}) {
      super(message);
      this.title = title;
      this.retry = retry;
      this.retryLabel = retryLabel;
      this.code = code;
    }
  }

  /** A failed API call: kind is 'network' (no answer) or 'http' (an error answer). */
  class ApiError extends Error {
    constructor(kind, message, { status = 0, code = null } = {}) {
      super(message);
      this.kind = kind;
      this.status = status;
      this.code = code;
    }
  }

  // ---------------------------------------------------------------- API

  async function api(path, { method = 'GET', body } = {}) {
    let res;
    try {
      res = await fetch(path, {
        method,
        headers: body === undefined ? { Accept: 'application/json' }
          : { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (e) {
      throw new ApiError('network', 'The server did not answer.');
    }
    let data = null;
    const text = await res.text().catch(() => '');
    if (text) {
      try { data = JSON.parse(text); } catch (e) { data = null; }
    }
    if (!res.ok) {
      const err = data && data.error;
      const message = (err && err.message) || `The server answered ${res.status} ${res.statusText || ''}`.trim() + '.';
      throw new ApiError('http', message, { status: res.status, code: err && err.code });
    }
    if (data === null) throw new ApiError('http', 'The server sent an answer this page cannot read.', { status: res.status });
    return data;
  }

  async function serverReachable() {
    try {
      const h = await api('/health');
      learnMaxBytes(h && (h.maxUploadBytes || h.maxBytes));
      return true;
    } catch (e) {
      return e instanceof ApiError && e.kind === 'http'; // it answered, so it is reachable
    }
  }

  function unreachableError(retry) {
    return new UserError('Can’t reach the server',
      `Nothing answered at ${location.origin}. Check that “btl serve” (or “btl demo”) is still running, then try again.`,
      { retry, code: 'unreachable' });
  }

  /** Turns any failure into a UserError; checks /health when the API did not answer. */
  async function explain(e, retry) {
    if (e instanceof UserError) return e;
    if (e instanceof ApiError) {
      if (e.kind === 'network') {
        return (await serverReachable())
          ? new UserError('Connection problem', 'The server did not answer that request. Try again.', { retry })
          : unreachableError(retry);
      }
      if (e.status === 404 && e.code) {
        return new UserError('Not found', e.message, { retry: null, code: e.code });
      }
      return new UserError(e.status >= 400 && e.status < 500 ? 'The server could not do that' : 'Something went wrong',
        e.message, { retry, code: e.code });
    }
    console.error(e);
    return new UserError('Something went wrong', String((e && e.message) || e), { retry });
  }

  function lookQuery(lookId) {
    const p = new URLSearchParams();
    p.set('k', String(FETCH_K));
    const f = state.filters;
    if (f.minPrice != null) p.set('minPrice', String(f.minPrice));
    if (f.maxPrice != null) p.set('maxPrice', String(f.maxPrice));
    for (const b of f.brands) p.append('brand', b);
    return `/looks/${encodeURIComponent(lookId)}?${p}`;
  }

  // ---------------------------------------------------------------- page state + messages

  function setState(s) { document.body.dataset.state = s; }

  function setStatus(text) { el.status.textContent = text; }

  function showError(err) {
    el.errorTitle.textContent = err.title || 'Something went wrong';
    el.errorMessage.textContent = err.message || '';
    el.error.dataset.code = err.code || '';
    el.errorRetry.hidden = typeof err.retry !== 'function';
    el.errorRetry.textContent = err.retryLabel || 'Try again';
    el.errorRetry.onclick = el.errorRetry.hidden ? null : () => { clearError(); err.retry(); };
    el.error.hidden = false;
    // A results area with nothing in it yet (upload refused, look failed) only adds noise.
    if (el.items.childElementCount === 0 && el.noItems.hidden) el.results.hidden = true;
    setProgress(null);
    setStatus(err.title || 'Something went wrong');
    setState('error');
  }

  function clearError() {
    el.error.hidden = true;
    el.errorRetry.hidden = true;
    el.errorRetry.onclick = null;
    el.error.dataset.code = '';
  }

  /** Stepper: step is 'upload' | 'detect' | 'match' | 'done' | null (hidden). */
  function setStep(step) {
    if (step === null) { el.steps.hidden = true; return; }
    el.steps.hidden = false;
    const order = ['upload', 'detect', 'match'];
    const at = step === 'done' ? order.length : order.indexOf(step);
    el.steps.querySelectorAll('li').forEach((li, i) => {
      li.classList.toggle('done', i < at);
      li.classList.toggle('active', i === at);
      if (i === at) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
    });
  }

  /** Progress bar: fraction in [0,1], 'indeterminate', or null (hidden). */
  function setProgress(fraction) {
    if (fraction === null) { el.progressBar.hidden = true; return; }
    el.progressBar.hidden = false;
    el.progressBar.classList.toggle('indeterminate', fraction === 'indeterminate');
    el.progressFill.style.width = fraction === 'indeterminate' ? '' : `${Math.round(fraction * 100)}%`;
  }

  function learnMaxBytes(n) {
    if (Number.isFinite(n) && n > 0) {
      state.maxBytes = n;
      el.maxSize.textContent = formatBytes(n);
    }
  }

  // ---------------------------------------------------------------- formatting

  function formatBytes(n) {
    if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
    if (n >= 1024) return `${Math.round(n / 1024)} KB`;
    return `${n} bytes`;
  }

  const priceFormats = new Map();
  function formatPrice(price, currency) {
    if (typeof price !== 'number' || !Number.isFinite(price)) return '';
    const cur = (currency || 'USD').toUpperCase();
    try {
      if (!priceFormats.has(cur)) {
        priceFormats.set(cur, new Intl.NumberFormat(undefined, { style: 'currency', currency: cur }));
      }
      return priceFormats.get(cur).format(price);
    } catch (e) {
      return `${price.toFixed(2)} ${cur}`;
    }
  }

  function percent(x) {
    if (typeof x !== 'number' || !Number.isFinite(x)) return '';
    return `${Math.round(Math.max(0, Math.min(1, x)) * 100)}%`;
  }

  function capitalise(s) { return s ? s.charAt(0).toUpperCase() + s.slice(1) : s; }

  // ---------------------------------------------------------------- DOM helpers

  /** h('div.card', {attrs}, ...children): tiny element builder. */
  function h(tag, attrs, ...children) {
    const [name, ...classes] = tag.split('.');
    const node = document.createElement(name);
    if (classes.length) node.className = classes.join(' ');
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'dataset') Object.assign(node.dataset, v);
      else if (k === 'style') Object.assign(node.style, v);
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  /** An <img> that shows a neutral placeholder when the URL is missing or fails. */
  function picture(url, alt, className) {
    const wrap = h(`div.${className}`);
    const img = h('img', { alt, decoding: 'async' });
    img.addEventListener('error', () => wrap.classList.add('img-missing'), { once: true });
    if (url) img.src = url; else wrap.classList.add('img-missing');
    wrap.append(img);
    return wrap;
  }

  function reducedMotion() {
    return window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  // ---------------------------------------------------------------- file checks

  /** Reads the first bytes and names the format: 'image/jpeg' | 'image/png' | 'image/webp' | other label | null. */
  async function sniff(file) {
    const buf = new Uint8Array(await file.slice(0, 32).arrayBuffer());
    const ascii = (from, to) => String.fromCharCode(...buf.slice(from, to));
    const starts = (...bytes) => bytes.every((b, i) => buf[i] === b);
    if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
    if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
    if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
    // Recognised but unsupported formats, to say something more useful than "not an image".
    if (ascii(4, 8) === 'ftyp') {
      const brand = ascii(8, 12);
      if (/^(heic|heix|hevc|hevx|mif1|msf1|heim|heis)$/.test(brand)) return 'HEIC';
      if (/^avi[fs]$/.test(brand)) return 'AVIF';
      return 'video';
    }
    if (ascii(0, 4) === 'GIF8') return 'GIF';
    if (ascii(0, 2) === 'BM') return 'BMP';
    if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return 'TIFF';
    if (ascii(0, 5) === '%PDF-') return 'PDF';
    if (/^\s*<(\?xml|svg)/i.test(ascii(0, 32))) return 'SVG';
    return null;
  }

  async function checkFile(file) {
    if (!file) throw new UserError('No file', 'Choose a photo first.');
    if (file.size === 0) {
      throw new UserError('Empty file', `“${file.name}” is empty (0 bytes). Choose another photo.`, { code: 'empty' });
    }
    const kind = await sniff(file);
    if (!kind || !ACCEPTED.includes(kind)) {
      const what = kind ? `a ${kind} file` : 'not an image this page can read';
      const hint = kind === 'HEIC'
        ? ' On an iPhone, pick “Most Compatible” under Settings → Camera → Formats, or share the photo as JPEG.'
        : '';
      throw new UserError('Not a supported image',
        `“${file.name}” is ${what}. Please choose a JPEG, PNG or WebP photo.${hint}`, { code: 'not-an-image' });
    }
    if (state.maxBytes && file.size > state.maxBytes) throw tooLarge(file, state.maxBytes);
    return kind;
  }

  /** max: the limit in bytes, or null when the storage server refused without a known limit. */
  function tooLarge(file, max) {
    const limit = max && file.size > max ? `; the limit is ${formatBytes(max)}` : ' — too large for the storage server';
    return new UserError('Photo too large',
      `“${file.name}” is ${formatBytes(file.size)}${limit}. Choose a smaller photo or resize it.`,
      { code: 'too-large' });
  }

  // ---------------------------------------------------------------- upload (S3 presigned POST)

  /** Posts the file to the presigned URL with XHR (for progress). Resolves when stored. */
  function presignedPost(upload, file, onProgress) {
    const url = new URL(upload.url, location.href).href;
    const form = new FormData();
    for (const [k, v] of Object.entries(upload.fields || {})) form.append(k, v);
    form.append('file', file, file.name || 'photo');

    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) { resolve(); return; }
        const body = xhr.responseText || '';
        const code = (/<Code>([^<]*)<\/Code>/.exec(body) || [])[1] || '';
        const msg = (/<Message>([^<]*)<\/Message>/.exec(body) || [])[1] || '';
        if (code === 'EntityTooLarge' || xhr.status === 413 || /too large|exceeds the maximum/i.test(msg)) {
          reject(tooLarge(file, upload.maxBytes || state.maxBytes || null));
        } else if (/expired/i.test(msg) || code === 'AccessDenied' || xhr.status === 403) {
          reject(new UserError('Upload refused',
            `The storage server refused the upload${msg ? ` (“${msg}”)` : ''}. The upload link may have expired — try again.`,
            { code: 'upload-refused' }));
        } else {
          reject(new UserError('Upload failed',
            `The storage server answered ${xhr.status}${code ? ` ${code}` : ''}${msg ? `: ${msg}` : '.'}`,
            { code: 'upload-failed' }));
        }
      };
      // Status 0: no answer, or an answer the browser hid because the storage server sent no
      // CORS headers. Retry once with an opaque no-cors POST: it succeeds in the second case
      // (polling then tells whether the photo arrived) and fails again in the first.
      xhr.onerror = () => {
        fetch(url, { method: 'POST', body: form, mode: 'no-cors' })
          .then(() => resolve())
          .catch(() => reject(new UserError('Upload failed',
            'The storage server did not answer. Check that the server is still running and try again.',
            { code: 'upload-unreachable' })));
      };
      xhr.send(form);
    });
  }

  // ---------------------------------------------------------------- main flow

  async function startWithFile(file, label) {
    hideSimilar();
    const run = ++state.run;
    const retry = () => startWithFile(file, label);
    clearError();
    setState('working');
    setStep(null);
    setProgress('indeterminate');
    setStatus('Checking the photo…');
    try {
      const contentType = await checkFile(file);
      if (run !== state.run) return;
      setStep('upload');

      setStatus('Preparing the upload…');
      const created = await api('/looks', { method: 'POST', body: { contentType } });
      if (run !== state.run) return;
      const upload = created.upload || {};
      learnMaxBytes(upload.maxBytes);
      const max = upload.maxBytes || state.maxBytes;
      if (max && file.size > max) throw tooLarge(file, max);

      // Show the photo straight away; the boxes follow when detection finishes.
      if (state.photoUrl) URL.revokeObjectURL(state.photoUrl);
      state.photoUrl = URL.createObjectURL(file);
      state.photoLabel = label || 'Your photo';
      resetResults();
      el.results.hidden = false;
      el.photo.src = state.photoUrl;
      el.photo.alt = state.photoLabel;
      document.getElementById('intake').classList.add('compact');
      state.lookId = created.lookId;
      setHash(created.lookId);

      setStatus('Uploading… 0%');
      setProgress(0);
      await presignedPost(upload, file, (f) => {
        if (run !== state.run) return;
        setProgress(f);
        setStatus(`Uploading… ${Math.round(f * 100)}%`);
      });
      if (run !== state.run) return;
      await pollLook(run, created.lookId);
    } catch (e) {
      if (run !== state.run) return;
      showError(await explain(e, retry));
    }
  }

  /** Polls GET /looks/{id} until EMBEDDED or FAILED, rendering what is known so far. */
  async function pollLook(run, lookId) {
    const started = Date.now();
    let networkFailures = 0;
    setState('working');
    setStep('detect');
    setProgress('indeterminate');
    setStatus('Detecting fashion items…');
    while (run === state.run) {
      let look;
      try {
        look = await api(lookQuery(lookId));
        networkFailures = 0;
      } catch (e) {
        if (run !== state.run) return;
        if (e instanceof ApiError && e.kind === 'network' && ++networkFailures <= POLL_NETWORK_RETRIES) {
          await sleep(POLL_MS * 2);
          continue;
        }
        throw await explain(e, () => resumePolling(lookId));
      }
      if (run !== state.run) return;

      if (look.status === 'FAILED') {
        state.look = look;
        throw new UserError('We couldn’t process this photo',
          look.failureReason || 'The server gave up on this photo without saying why.',
          { code: 'look-failed' });
      }
      if (look.status === 'EMBEDDED') {
        await renderLook(look, run);
        return;
      }
      if (look.status === 'DETECTED') {
        const n = (look.items || []).length;
        setStep('match');
        setStatus(n
          ? `Found ${n} item${n === 1 ? '' : 's'} — finding matching products…`
          : 'Finishing…');
        renderPartial(look);
      } else {
        setStep('detect');
        setStatus('Detecting fashion items…');
      }
      if (Date.now() - started > POLL_GIVE_UP_MS) {
        throw new UserError('This is taking too long',
          `The photo has not been processed after ${Math.round(POLL_GIVE_UP_MS / 1000)} seconds. ` +
          'The server may be busy or the processing step may have stopped. You can keep waiting or try another photo.',
          { retry: () => resumePolling(lookId), code: 'timeout', retryLabel: 'Keep waiting' });
      }
      await sleep(POLL_MS);
    }
  }

  function resumePolling(lookId) {
    const run = ++state.run;
    state.lookId = lookId;
    el.results.hidden = false;
    pollLook(run, lookId).catch(async (e) => {
      if (run === state.run) showError(await explain(e, () => resumePolling(lookId)));
    });
  }

  /** Re-queries a finished look with the current filters (no re-upload). */
  async function refreshLook() {
    if (!state.lookId) return;
    if (!state.lookDone) return; // still polling: the next poll already uses the new filters
    const run = ++state.run;
    clearError();
    setState('working');
    setStatus('Updating matches…');
    setProgress('indeterminate');
    el.items.setAttribute('aria-busy', 'true');
    try {
      const look = await api(lookQuery(state.lookId));
      if (run !== state.run) return;
      if (look.status !== 'EMBEDDED') { // unusual, but keep the contract: poll again
        await pollLook(run, state.lookId);
        return;
      }
      await renderLook(look, run);
    } catch (e) {
      if (run === state.run) showError(await explain(e, refreshLook));
    } finally {
      el.items.removeAttribute('aria-busy');
    }
  }

  function setHash(lookId) {
    try { history.replaceState(null, '', `#look=${encodeURIComponent(lookId)}`); } catch (e) { /* file:// etc. */ }
  }

  // ---------------------------------------------------------------- rendering: look

  function resetResults() {
    state.look = null;
    state.lookDone = false;
    state.lookId = null;
    state.renderKey = '';
    state.brandsSeen.clear();
    el.items.replaceChildren();
    el.overlay.replaceChildren();
    el.noItems.hidden = true;
    el.filters.hidden = true;
    el.photoCaption.textContent = '';
    el.photoFrame.classList.remove('no-photo');
    el.photoFrame.style.aspectRatio = '';
    delete el.photo.dataset.remote;
    renderBrandChips();
  }

  /** A key of what is shown, without URLs (presigned URLs may change on every poll). */
  function renderKeyOf(look) {
    return JSON.stringify([look.status, filtersActive(), look.width, look.height, (look.items || []).map((it) => [
      it.itemNo, it.category, it.score, it.box,
      it.matches ? it.matches.map((m) => [m.productId, m.price, m.similarity, m.title, m.brand]) : null,
    ])]);
  }

  function renderPartial(look) {
    const key = renderKeyOf(look);
    if (key === state.renderKey) return;
    state.renderKey = key;
    state.look = look;
    renderPhoto(look);
    renderItems(look);
    el.filters.hidden = (look.items || []).length === 0;
  }

  async function renderLook(look, run) {
    state.lookDone = true;
    renderPartial(look);
    state.look = look;
    const items = look.items || [];
    el.noItems.hidden = items.length !== 0;
    for (const it of items) for (const m of it.matches || []) rememberBrand(m.brand);
    renderBrandChips();

    setStep('done');
    setProgress(null);
    const matches = items.reduce((n, it) => n + distinctGroups(it.matches || []).length, 0);
    const filtered = filtersActive() ? ' (filtered)' : '';
    setStatus(items.length === 0
      ? 'No fashion items found in this photo.'
      : `Found ${items.length} item${items.length === 1 ? '' : 's'} and ${matches} matching product${matches === 1 ? '' : 's'}${filtered}.`);
    await photoSettled();
    if (run === state.run) setState('done');
  }

  /** Waits (bounded) until the photo has loaded or failed, so "done" means the page looks done. */
  function photoSettled() {
    const img = el.photo;
    if (!img.getAttribute('src') || (img.complete && img.naturalWidth > 0)) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => { clearTimeout(t); img.removeEventListener('load', finish); img.removeEventListener('error', finish); resolve(); };
      const t = setTimeout(finish, PHOTO_WAIT_MS);
      img.addEventListener('load', finish);
      img.addEventListener('error', finish);
    });
  }

  function renderPhoto(look) {
    // Prefer the local file (already shown); fall back to the server's copy (e.g. after a reload).
    if (!state.photoUrl && look.imageUrl && el.photo.dataset.remote !== look.imageUrl.split('?')[0]) {
      el.photo.dataset.remote = look.imageUrl.split('?')[0];
      el.photo.src = look.imageUrl;
      el.photo.alt = state.photoLabel;
    }
    if (!el.photo.getAttribute('src')) el.photoFrame.classList.add('no-photo');
    drawBoxes(look);
  }

  /** Outlines every item on the photo. Boxes are placed in % of the look's width/height, so they
   * follow the displayed <img> at any size (the frame shrink-wraps the image). */
  function drawBoxes(look) {
    el.overlay.replaceChildren();
    const items = look.items || [];
    let W = look.width, H = look.height;
    if (!(W > 0 && H > 0)) { // fall back to the image's own size once it has loaded
      W = el.photo.naturalWidth; H = el.photo.naturalHeight;
      if (!(W > 0 && H > 0)) {
        if (items.length) el.photo.addEventListener('load', () => { if (state.look === look) drawBoxes(look); }, { once: true });
        return;
      }
    }
    // Without a photo the frame is a grey area of the photo's proportions, boxes still drawn.
    el.photoFrame.style.aspectRatio = el.photoFrame.classList.contains('no-photo') ? `${W} / ${H}` : '';
    for (const it of items) {
      const b = it.box;
      if (!b) continue;
      const left = clamp01(b.left / W), top = clamp01(b.top / H);
      const width = clamp01((b.left + b.width) / W) - left, height = clamp01((b.top + b.height) / H) - top;
      const label = `${it.category} ${percent(it.score)}`;
      const box = h('a.box', {
        href: `#item-${it.itemNo}`,
        'data-testid': 'item-box',
        dataset: { category: it.category, itemNo: it.itemNo },
        'aria-label': `${it.category}, ${percent(it.score)} confidence — show its matches`,
        style: { left: pct(left), top: pct(top), width: pct(width), height: pct(height) },
        onclick: (e) => { e.preventDefault(); focusItem(it.itemNo); },
        onmouseenter: () => highlight(it.itemNo, true),
        onmouseleave: () => highlight(it.itemNo, false),
        onfocus: () => highlight(it.itemNo, true),
        onblur: () => highlight(it.itemNo, false),
      }, h('span.box-label', { 'aria-hidden': 'true' }, label));
      if (top < 0.06) box.classList.add('label-inside');
      el.overlay.append(box);
    }
    el.photoCaption.textContent = items.length
      ? `${items.length} item${items.length === 1 ? '' : 's'} detected. Select a box to jump to its matches.`
      : '';
    layoutLabels();
  }

  /** Moves box labels down until none covers another: boxes are placed in %, labels have a
   * fixed size, so two items whose boxes start at about the same height ("leggings 90%" and
   * "bags 85%") would otherwise print their labels over each other. Run again on resize. */
  function layoutLabels() {
    const labels = [...el.overlay.querySelectorAll('.box-label')];
    for (const l of labels) { l.style.transform = ''; l.classList.remove('shifted'); }
    const rects = labels.map((l) => ({ l, r: l.getBoundingClientRect() }))
      .sort((a, b) => a.r.top - b.r.top || a.r.left - b.r.left);
    const placed = [];
    for (const { l, r } of rects) {
      let top = r.top;
      let shift = 0;
      for (let tries = 0; tries < labels.length; tries++) {
        const hit = placed.find((p) => r.left < p.right && p.left < r.right
          && top < p.bottom && p.top < top + r.height);
        if (!hit) break;
        const dy = hit.bottom - top + 1;
        shift += dy;
        top += dy;
      }
      if (shift > 0) {
        l.style.transform = `translateY(${shift}px)`;
        l.classList.add('shifted');
      }
      placed.push({ left: r.left, right: r.right, top, bottom: top + r.height });
    }
  }

  const clamp01 = (x) => Math.max(0, Math.min(1, Number(x) || 0));
  const pct = (x) => `${(x * 100).toFixed(3)}%`;

  function highlight(itemNo, on) {
    el.overlay.querySelectorAll(`.box[data-item-no="${itemNo}"]`).forEach((b) => b.classList.toggle('active', on));
    const item = document.getElementById(`item-${itemNo}`);
    if (item) item.classList.toggle('active', on);
  }

  function focusItem(itemNo) {
    const item = document.getElementById(`item-${itemNo}`);
    if (!item) return;
    item.scrollIntoView({ behavior: reducedMotion() ? 'auto' : 'smooth', block: 'start' });
    item.focus({ preventScroll: true });
  }

  function renderItems(look) {
    const items = look.items || [];
    const frag = document.createDocumentFragment();
    for (const it of items) frag.append(renderItem(it, look.status));
    el.items.replaceChildren(frag);
  }

  function renderItem(it, status) {
    const category = it.category || 'item';
    const heading = `item-${it.itemNo}-heading`;
    const article = h('article.card.item', {
      id: `item-${it.itemNo}`,
      'data-testid': 'item',
      dataset: { category, itemNo: it.itemNo },
      tabindex: '-1',
      'aria-labelledby': heading,
      onmouseenter: () => highlight(it.itemNo, true),
      onmouseleave: () => highlight(it.itemNo, false),
    });
    const head = h('header.item-head', {},
      picture(it.cropUrl, `${category} crop`, 'item-crop'),
      h('div.item-meta', {},
        h('h3.item-title', { id: heading }, capitalise(category)),
        h('p.item-score', {}, `${percent(it.score)} confidence`)));
    article.append(head);

    if (status !== 'EMBEDDED') {
      const grid = h('div.product-grid.loading', { 'aria-hidden': 'true' });
      for (let i = 0; i < K; i++) grid.append(h('div.product.skeleton', {}, h('div.product-img'), h('div.sk-line'), h('div.sk-line.short')));
      article.append(h('p.item-note', {}, 'Finding matching products…'), grid);
      return article;
    }
    const matches = Array.isArray(it.matches) ? it.matches : [];
    if (matches.length === 0) {
      article.append(h('p.item-note', {}, filtersActive()
        ? 'No products match the filters for this item. Widen the price range or clear the brand filter.'
        : 'No matching products in the catalog for this item.'));
      return article;
    }
    const grid = h('ul.product-grid', { 'aria-label': `Products like this ${category}` });
    for (const g of distinctGroups(matches)) grid.append(h('li', {}, productCard(g.best, g.others)));
    article.append(grid);
    return article;
  }

  /** "87% match"; below 10% (what a price or brand filter can leave) "weak match", never a
   * discouraging and misleading "0% match" (cosine similarity can even be negative). */
  function similarityBadge(similarity) {
    if (typeof similarity !== 'number' || !Number.isFinite(similarity)) return null;
    const text = similarity >= 0.1 ? `${percent(similarity)} match` : 'weak match';
    return h('span.badge', { title: 'Visual similarity', 'data-testid': 'similarity' }, text);
  }

  /** The first K variant groups of a ranked match list, each as its best match and the other
   * members found (products without a group are groups of one). Variants differ only in colour:
   * one card per group leaves room for six different products. With fewer than K groups the
   * remaining cards are the best variants not shown yet. */
  function distinctGroups(matches) {
    const groups = new Map();
    for (const m of matches) {
      const key = m.group ? `g:${m.group}` : `p:${m.productId}`;
      const g = groups.get(key);
      if (g) g.others.push(m);
      else groups.set(key, { best: m, others: [] });
    }
    const chosen = [...groups.values()].slice(0, K);
    // a small catalog may have fewer than K groups: fill the rest with the best other variants
    const spare = chosen.flatMap((g) => g.others).sort((a, b) => matches.indexOf(a) - matches.indexOf(b));
    for (const m of spare.slice(0, K - chosen.length)) {
      for (const g of chosen) g.others = g.others.filter((o) => o !== m);
      chosen.push({ best: m, others: [] });
    }
    return chosen;
  }

  function productCard(m, others = []) {
    const title = m.title || `Product ${m.productId}`;
    const price = formatPrice(m.price, m.currency);
    const colours = others.length;
    return h('div.product', {
      'data-testid': 'product', dataset: { productId: m.productId, group: m.group || '' },
    },
      picture(m.imageUrl, title, 'product-img'),
      h('div.product-body', {},
        similarityBadge(m.similarity),
        h('p.product-title', { title }, title),
        m.brand ? h('p.product-brand', {}, m.brand) : null,
        price ? h('p.product-price', {}, price) : null,
        colours > 0 ? h('p.product-variants', {
          'data-testid': 'variants',
          title: others.map((o) => o.title || o.productId).join(', '),
        }, `also in ${colours} colour${colours === 1 ? '' : 's'}`) : null),
      h('button.btn.btn-secondary.btn-small', {
        type: 'button',
        'data-testid': 'more-like-this',
        'aria-label': `More like ${title}`,
        onclick: (e) => openSimilar(m.productId, e.currentTarget, true),
      }, 'More like this'));
  }

  // ---------------------------------------------------------------- filters

  function filtersActive() {
    const f = state.filters;
    return f.minPrice != null || f.maxPrice != null || f.brands.length > 0;
  }

  function readNumber(input, name) {
    const raw = input.value.trim();
    if (raw === '') {
      if (input.validity && input.validity.badInput) throw new UserError('Check the filters', `${name} must be a number.`);
      return null;
    }
    const n = Number(raw.replace(',', '.'));
    if (!Number.isFinite(n) || n < 0) throw new UserError('Check the filters', `${name} must be a number of 0 or more.`);
    return n;
  }

  function parseBrands(text) {
    const seen = new Set();
    const out = [];
    for (const b of text.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!seen.has(b.toLowerCase())) { seen.add(b.toLowerCase()); out.push(b); }
    }
    return out;
  }

  function readFilters() {
    const minPrice = readNumber(el.minPrice, 'Min price');
    const maxPrice = readNumber(el.maxPrice, 'Max price');
    if (minPrice != null && maxPrice != null && minPrice > maxPrice) {
      throw new UserError('Check the filters', 'Min price is higher than max price.');
    }
    return { minPrice, maxPrice, brands: parseBrands(el.brand.value) };
  }

  function applyFilters() {
    let f;
    try {
      f = readFilters();
    } catch (e) {
      showError(e);
      return;
    }
    clearError();
    state.filters = f;
    if (!state.lookId) {
      setStatus(filtersActive() ? 'Filters saved — they apply to the next photo.' : '');
      if (document.body.dataset.state === 'error') setState('idle');
      return;
    }
    if (!state.lookDone) { setStatus('Filters saved — they apply as soon as the matches are ready.'); return; }
    refreshLook();
  }

  function rememberBrand(brand) {
    if (!brand) return;
    const key = brand.toLowerCase();
    if (!state.brandsSeen.has(key)) state.brandsSeen.set(key, brand);
  }

  function renderBrandChips() {
    const brands = [...state.brandsSeen.values()].sort((a, b) => a.localeCompare(b));
    el.brandList.replaceChildren(...brands.map((b) => h('option', { value: b })));
    const chosen = new Set(parseBrands(el.brand.value).map((b) => b.toLowerCase()));
    el.brandChips.replaceChildren(
      h('span.chips-label', {}, 'Brands seen:'),
      ...brands.map((b) => h('button.chip', {
        type: 'button',
        'aria-pressed': chosen.has(b.toLowerCase()) ? 'true' : 'false',
        dataset: { brand: b },
        onclick: () => toggleBrand(b),
      }, b)));
    el.brandChips.hidden = brands.length === 0;
  }

  function toggleBrand(brand) {
    const list = parseBrands(el.brand.value);
    const i = list.findIndex((b) => b.toLowerCase() === brand.toLowerCase());
    if (i >= 0) list.splice(i, 1); else list.push(brand);
    el.brand.value = list.join(', ');
    renderBrandChips();
    const chip = el.brandChips.querySelector(`.chip[data-brand="${CSS.escape(brand)}"]`);
    if (chip) chip.focus();
  }

  // ---------------------------------------------------------------- "more like this"

  async function openSimilar(productId, opener, fromResults) {
    const run = ++state.run;
    if (fromResults) { state.similarStack = []; state.similarReturnFocus = opener || null; }
    state.similarStack.push(productId);
    clearError();
    setState('working');
    setStatus('Finding similar products…');
    setProgress('indeterminate');
    try {
      const data = await api(`/products/${encodeURIComponent(productId)}/similar?k=${K}`);
      if (run !== state.run) return;
      renderSimilar(data);
      setProgress(null);
      const n = (data.matches || []).length;
      setStatus(`${n} product${n === 1 ? '' : 's'} similar to ${(data.product && data.product.title) || 'this one'}.`);
      setState('done');
    } catch (e) {
      state.similarStack.pop();
      if (run === state.run) showError(await explain(e, () => openSimilar(productId, opener, fromResults)));
    }
  }

  function renderSimilar(data) {
    const p = data.product || {};
    const title = p.title || `Product ${p.productId}`;
    el.similarHeading.textContent = `More like “${title}”`;
    const price = formatPrice(p.price, p.currency);
    el.similarSource.replaceChildren(
      picture(p.imageUrl, title, 'source-img'),
      h('div.source-meta', {},
        h('p.source-kicker', {}, capitalise(p.category || 'Product')),
        h('p.source-title', {}, title),
        h('p.source-sub', {}, [p.brand, price].filter(Boolean).join(' · '))));
    const matches = data.matches || [];
    el.similarGrid.replaceChildren(matches.length
      ? h('ul.product-grid', { 'aria-label': `Products similar to ${title}` }, matches.map((m) => h('li', {}, similarCard(m))))
      : h('p.item-note', {}, 'No similar products in the catalog.'));
    el.similarBackLabel.textContent = state.similarStack.length > 1 ? 'Back' : (state.lookId ? 'Back to results' : 'Back');
    el.results.hidden = true;
    el.similar.hidden = false;
    window.scrollTo({ top: el.similar.offsetTop - 16, behavior: reducedMotion() ? 'auto' : 'smooth' });
    el.similarHeading.focus({ preventScroll: true });
  }

  function similarCard(m) {
    const card = productCard(m);
    // Inside the panel, "more like this" goes one level deeper instead of starting a new trail.
    const btn = card.querySelector('[data-testid="more-like-this"]');
    const replacement = btn.cloneNode(true);
    replacement.addEventListener('click', (e) => openSimilar(m.productId, e.currentTarget, false));
    btn.replaceWith(replacement);
    return card;
  }

  function similarBack() {
    state.similarStack.pop();
    if (state.similarStack.length > 0) {
      const prev = state.similarStack.pop();
      openSimilar(prev, null, false);
      return;
    }
    closeSimilar(true);
  }

  /** Hides the panel without touching the rest of the page (a new photo is starting). */
  function hideSimilar() {
    el.similar.hidden = true;
    el.similarSource.replaceChildren();
    el.similarGrid.replaceChildren();
    state.similarStack = [];
    state.similarReturnFocus = null;
  }

  /** "Back to results": hides the panel and shows the look again. */
  function closeSimilar(restoreFocus) {
    ++state.run; // abandon a "more like this" request still in flight
    if (el.similar.hidden) return;
    const target = state.similarReturnFocus;
    hideSimilar();
    clearError();
    setProgress(null);
    if (state.lookId) {
      el.results.hidden = false;
      if (state.lookDone) {
        setStatus('Back to results.');
        setState('done');
      } else {
        resumePolling(state.lookId);
      }
    } else {
      setStatus('');
      setState('idle');
    }
    if (restoreFocus && target && document.body.contains(target)) {
      target.scrollIntoView({ block: 'center' });
      target.focus({ preventScroll: true });
    }
  }

  // ---------------------------------------------------------------- demo photos

  async function loadDemoPhotos() {
    let data;
    try {
      data = await api('/demo/photos');
    } catch (e) {
      el.demo.hidden = true; // optional feature: `btl serve` may not have demo photos
      return;
    }
    const photos = (data && data.photos) || [];
    el.demoGrid.replaceChildren(...photos.map((p, i) => {
      const label = `Demo photo ${i + 1}`;
      return h('li', {}, h('button.demo-photo', {
        type: 'button',
        'data-testid': 'demo-photo',
        dataset: { photoId: p.id },
        'aria-label': `Try ${label.toLowerCase()}`,
        onclick: () => startWithDemo(p, label),
      }, h('img', { src: p.url, alt: label, loading: 'lazy', decoding: 'async' })));
    }));
    el.demo.hidden = photos.length === 0;
  }

  async function startWithDemo(photo, label) {
    hideSimilar();
    const run = ++state.run;
    clearError();
    setState('working');
    setStep('upload');
    setProgress('indeterminate');
    setStatus('Fetching the demo photo…');
    try {
      let res;
      try {
        res = await fetch(photo.url, { cache: 'force-cache' });
      } catch (e) {
        throw new ApiError('network', 'The server did not answer.');
      }
      if (!res.ok) throw new UserError('Demo photo missing', `The server could not send ${label.toLowerCase()} (${res.status}).`);
      const blob = await res.blob();
      if (run !== state.run) return;
      const type = blob.type && ACCEPTED.includes(blob.type) ? blob.type : 'image/jpeg';
      const name = (photo.url.split('/').pop() || `${photo.id}.${EXT[type]}`).split('?')[0];
      await startWithFile(new File([blob], name, { type }), label);
    } catch (e) {
      if (run === state.run) showError(await explain(e, () => startWithDemo(photo, label)));
    }
  }

  // ---------------------------------------------------------------- intake events

  function takeFiles(files) {
    const list = [...(files || [])];
    if (list.length === 0) return;
    const file = list[0];
    startWithFile(file, file.name ? `Your photo (${file.name})` : 'Your photo');
  }

  function openPicker() {
    el.fileInput.value = ''; // so choosing the same file again still fires "change"
    el.fileInput.click();
  }

  function wireIntake() {
    el.fileInput.addEventListener('change', () => takeFiles(el.fileInput.files));
    el.dropZone.addEventListener('click', openPicker);
    el.dropZone.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ' || e.key === 'Spacebar') { e.preventDefault(); openPicker(); }
    });
    let depth = 0;
    el.dropZone.addEventListener('dragenter', (e) => { e.preventDefault(); depth++; el.dropZone.classList.add('dragging'); });
    el.dropZone.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; el.dropZone.classList.remove('dragging'); } });
    el.dropZone.addEventListener('dragover', (e) => { e.preventDefault(); if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'; });
    el.dropZone.addEventListener('drop', (e) => {
      e.preventDefault();
      depth = 0;
      el.dropZone.classList.remove('dragging');
      takeFiles(e.dataTransfer && e.dataTransfer.files);
    });
    // A file dropped next to the zone must not navigate away from the page.
    // labels keep a fixed size while the photo scales: lay them out again when it changes size
    if ('ResizeObserver' in window) new ResizeObserver(() => layoutLabels()).observe(el.overlay);
    window.addEventListener('resize', layoutLabels);
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => e.preventDefault());
    // Paste an image from the clipboard.
    window.addEventListener('paste', (e) => {
      const target = e.target;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
      const files = [...((e.clipboardData && e.clipboardData.files) || [])];
      if (files.length) { e.preventDefault(); takeFiles(files); }
    });
  }

  function wirePhoto() {
    // A photo that cannot be shown (e.g. the server's copy expired): keep the boxes on a grey area.
    el.photo.addEventListener('error', () => {
      if (!el.photo.getAttribute('src')) return;
      el.photoFrame.classList.add('no-photo');
      if (state.look) drawBoxes(state.look);
    });
  }

  function wireFilters() {
    el.filters.addEventListener('submit', (e) => { e.preventDefault(); applyFilters(); });
    el.clearFilters.addEventListener('click', () => {
      el.minPrice.value = '';
      el.maxPrice.value = '';
      el.brand.value = '';
      renderBrandChips();
      applyFilters();
    });
    el.brand.addEventListener('input', () => renderBrandChips());
  }

  function wireSimilar() {
    el.similarBack.addEventListener('click', similarBack);
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !el.similar.hidden) { e.preventDefault(); similarBack(); }
    });
  }

  // ---------------------------------------------------------------- start

  async function boot() {
    wireIntake();
    wirePhoto();
    wireFilters();
    wireSimilar();
    setState('working');
    setStatus('Connecting…');
    const up = await serverReachable();
    if (!up) {
      showError(unreachableError(() => boot2()));
      return;
    }
    await afterConnect();
  }

  async function boot2() {
    setState('working');
    setStatus('Connecting…');
    if (!(await serverReachable())) { showError(unreachableError(() => boot2())); return; }
    await afterConnect();
  }

  async function afterConnect() {
    setStatus('');
    await loadDemoPhotos();
    const m = /^#look=([A-Za-z0-9._~-]+)$/.exec(location.hash);
    if (m) { // reopen a look from a link or a reload
      state.photoLabel = 'Your photo';
      resetResults();
      state.lookId = decodeURIComponent(m[1]);
      document.getElementById('intake').classList.add('compact');
      resumePolling(state.lookId);
      return;
    }
    setState('idle');
  }

  boot().catch((e) => { console.error(e); showError(new UserError('Something went wrong', String(e && e.message || e))); });
})();
