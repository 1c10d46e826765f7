// The browser harness: one `Visitor` per journey run. Every page a journey
// reaches goes through `visitor.check()`, which runs the checks that apply to
// every page (axe-core at WCAG 2.2 A/AA, page weight on a cold cache, no
// sideways scrolling at 360 px, screenshots). Journeys only say where to go
// and what they expect to see. See ../README.md.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import AxeBuilderModule from '@axe-core/playwright';

const AxeBuilder = AxeBuilderModule.default ?? AxeBuilderModule;

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..');
export const SCREENSHOTS = path.join(ROOT, 'screenshots');

/** Where the server under test listens (set by ../run). */
export const BASE_URL = (process.env.GERBANG_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
/** Every page of every journey, first visit, compressed as sent. */
export const BUDGET_BYTES = 60 * 1024;
export const NARROW = { width: 360, height: 740 };
export const WIDE = { width: 1280, height: 900 };
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const DEMO_PASSWORD = 'gerbang-demo-2026';

/**
 * How a journey is driven.
 *  - js:       JavaScript on, desktop width; axe at desktop and at 360 px.
 *  - nojs:     JavaScript off, phone width (360 x 740) throughout.
 *  - keyboard: JavaScript on, desktop width, keyboard only (see Visitor.tabTo).
 * axe-core needs JavaScript in the page (its timers do not run when script
 * execution is disabled), so it runs in the js and keyboard modes; the pages
 * are the same in every mode since the site ships no JavaScript, which the
 * weight table confirms (its "js" column).
 */
export const MODES = {
  js: { name: 'js', javaScriptEnabled: true, viewport: WIDE, axe: true },
  nojs: { name: 'nojs', javaScriptEnabled: false, viewport: NARROW, axe: false },
  keyboard: { name: 'keyboard', javaScriptEnabled: true, viewport: WIDE, axe: true },
};

export async function launchBrowser() {
  // launch() gives every browser a fresh, temporary user data dir (deleted on close).
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/** page label -> { bytes, requests, html, css, js, other, modes:Set } (largest seen). */
export const weights = new Map();

export function resetScreenshots() {
  fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
}

const slug = (s) =>
  s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'page';

const kb = (n) => (n / 1024).toFixed(1);

export class Visitor {
  /** Opens a fresh browser context (no cookies, no cache) for one journey. */
  static async open(browser, mode, journey) {
    const context = await browser.newContext({
      javaScriptEnabled: mode.javaScriptEnabled,
      viewport: mode.viewport,
      locale: 'en-US',
    });
    context.setDefaultTimeout(15_000);
    context.setDefaultNavigationTimeout(20_000);
    const page = await context.newPage();
    const v = new Visitor(context, page, mode, journey);
    await v.#startNetworkLog();
    return v;
  }

  constructor(context, page, mode, journey) {
    this.context = context;
    this.page = page;
    this.mode = mode;
    this.journey = journey;
    this.step = 0;
    this.dir = path.join(SCREENSHOTS, mode.name, slug(journey));
    fs.mkdirSync(this.dir, { recursive: true });
    this.requests = new Map(); // requestId -> { url, type, bytes, done } for the current document
    this.documentMethod = 'GET';
    this.documentStatus = 0;
    this.pageErrors = [];
    page.on('pageerror', (e) => this.pageErrors.push(e.message));
  }

  // Counts the bytes of every response of the current document, cache off,
  // so that each page weighs what it weighs on a first visit.
  async #startNetworkLog() {
    const cdp = await this.context.newCDPSession(this.page);
    this.cdp = cdp;
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.type === 'Document') {
        if (!e.redirectResponse) this.requests = new Map();
        this.documentMethod = e.request.method; // after a 303, the GET that follows
      }
      const prev = this.requests.get(e.requestId);
      // A redirect reuses the requestId: keep the bytes of the redirect response.
      const carried = e.redirectResponse ? (prev?.bytes ?? 0) + (e.redirectResponse.encodedDataLength ?? 0) : 0;
      this.requests.set(e.requestId, { url: e.request.url, type: e.type, bytes: carried, done: false });
    });
    cdp.on('Network.responseReceived', (e) => {
      if (e.type === 'Document') this.documentStatus = e.response.status;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = this.requests.get(e.requestId);
      if (r) Object.assign(r, { bytes: r.bytes + e.encodedDataLength, done: true });
    });
    cdp.on('Network.loadingFailed', (e) => {
      const r = this.requests.get(e.requestId);
      if (r) Object.assign(r, { done: true, failed: e.errorText });
    });
  }

  async close() {
    await this.context.close();
  }

  url(p) {
    return new URL(p, BASE_URL + '/').href;
  }

  /** Goes to a path (as if typed in the address bar) and checks the page. */
  async visit(p, { status = 200 } = {}) {
    const response = await this.page.goto(this.url(p), { waitUntil: 'load' });
    assert.ok(response, `no response for ${p}`);
    return this.check({ status });
  }

  /**
   * Runs `action` (a click, a key press...) that loads a new document, waits
   * for it, and checks the page.
   */
  async navigate(action, { status = 200 } = {}) {
    const page = this.page;
    const committed = new Promise((resolve) => {
      const onNav = (frame) => {
        if (frame === page.mainFrame()) {
          page.off('framenavigated', onNav);
          resolve();
        }
      };
      page.on('framenavigated', onNav);
    });
    await action();
    await Promise.race([
      committed,
      new Promise((_, reject) => setTimeout(() => reject(new Error('the action loaded no new page within 20 s')), 20_000)),
    ]);
    await page.waitForLoadState('load');
    return this.check({ status });
  }

  /** Clicks a link or button and checks the page it leads to. */
  async follow(locator, opts) {
    return this.navigate(() => locator.click(), opts);
  }

  /** Presses a key (keyboard journeys) and checks the page it leads to. */
  async press(key, opts) {
    return this.navigate(() => this.page.keyboard.press(key), opts);
  }

  async #networkSettled() {
    const deadline = Date.now() + 10_000;
    while ([...this.requests.values()].some((r) => !r.done)) {
      if (Date.now() > deadline) {
        const pending = [...this.requests.values()].filter((r) => !r.done).map((r) => r.url);
        throw new Error(`requests still loading after 10 s: ${pending.join(', ')}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** A short name for the current page: method, path and query, language. */
  async label() {
    const u = new URL(this.page.url());
    const lang = await this.page.evaluate(() => document.documentElement.lang);
    return `${this.documentMethod} ${u.pathname}${u.search} [${lang}]`;
  }

  /** The checks every page gets. Called by visit/follow/press. */
  async check({ status = 200 } = {}) {
    await this.#networkSettled();
    const page = this.page;
    const label = await this.label();
    const where = `${label} (${this.mode.name} / ${this.journey})`;
    await this.screenshot(label);

    // `status: null`: the caller looks at the page to learn what happened.
    if (status !== null) assert.equal(this.documentStatus, status, `${where}: HTTP status`);
    const failed = [...this.requests.values()].filter((r) => r.failed);
    assert.deepEqual(failed.map((r) => `${r.url}: ${r.failed}`), [], `${where}: requests failed`);
    assert.deepEqual(this.pageErrors, [], `${where}: JavaScript errors`);
    assert.match(await page.evaluate(() => document.documentElement.lang), /^(en|id)$/, `${where}: <html lang>`);
    assert.ok((await page.title()).trim().length > 0, `${where}: empty <title>`);

    // Application references differ on every run: one row per page, not per case.
    this.#recordWeight(label.replace(/GRB-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]/g, 'GRB-…'));
    if (this.mode.axe) await this.axe(where);

    // 360 px: nothing scrolls sideways (and axe again at that width).
    const vp = page.viewportSize();
    const narrowAlready = vp.width <= NARROW.width;
    if (!narrowAlready) await page.setViewportSize(NARROW);
    try {
      const sw = await page.evaluate(() => document.documentElement.scrollWidth);
      if (sw > NARROW.width) {
        const culprits = await page.evaluate((limit) => {
          const out = [];
          for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > limit + 0.5 && r.width > 0) {
              let sel = el.tagName.toLowerCase();
              if (el.id) sel += '#' + el.id;
              else if (el.classList.length) sel += '.' + [...el.classList].join('.');
              out.push(`${sel} (right edge ${Math.round(r.right)} px)`);
            }
          }
          return out.slice(0, 8);
        }, NARROW.width);
        await this.screenshot(label + ' 360px overflow');
        assert.fail(`${where}: at 360 px the page is ${sw} px wide; too wide: ${culprits.join(', ')}`);
      }
      if (!narrowAlready) {
        await this.screenshot(label + ' 360px');
        if (this.mode.axe) await this.axe(where + ' at 360 px');
      }
    } finally {
      if (!narrowAlready) await page.setViewportSize(vp);
    }
    return label;
  }

  #recordWeight(label) {
    const w = { bytes: 0, requests: 0, html: 0, css: 0, js: 0, other: 0 };
    for (const r of this.requests.values()) {
      w.bytes += r.bytes;
      w.requests += 1;
      const kind = { Document: 'html', Stylesheet: 'css', Script: 'js' }[r.type] ?? 'other';
      w[kind] += r.bytes;
    }
    const prev = weights.get(label);
    const modes = new Set(prev?.modes ?? []).add(this.mode.name);
    weights.set(label, prev && prev.bytes >= w.bytes ? { ...prev, modes } : { ...w, modes });
    assert.ok(
      w.bytes <= BUDGET_BYTES,
      `${label} (${this.mode.name} / ${this.journey}): ${kb(w.bytes)} KB transferred, over the ${kb(BUDGET_BYTES)} KB budget ` +
        `(${[...this.requests.values()].map((r) => `${r.url} ${kb(r.bytes)} KB`).join(', ')})`,
    );
  }

  /** axe-core, WCAG 2.2 A and AA: zero violations, or a message naming rule, page and elements. */
  async axe(where) {
    const results = await new AxeBuilder({ page: this.page }).withTags(AXE_TAGS).analyze();
    this.axeRuns = (this.axeRuns ?? 0) + 1;
    axeTotals.pages += 1;
    axeTotals.passes += results.passes.length;
    if (results.violations.length === 0) return;
    const lines = [`axe-core: ${results.violations.length} violation(s) on ${this.page.url()} — ${where}`];
    for (const v of results.violations) {
      lines.push(`  rule ${v.id} (${v.impact}): ${v.help} [${v.tags.filter((t) => t.startsWith('wcag')).join(', ')}] ${v.helpUrl}`);
      for (const n of v.nodes) {
        lines.push(`    element ${n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(', ')}`);
        if (n.failureSummary) lines.push('      ' + n.failureSummary.replace(/\n\s*/g, ' / '));
      }
    }
    assert.fail(lines.join('\n'));
  }

  /** A full-page screenshot, numbered in the order of the journey. */
  async screenshot(name) {
    this.step += 1;
    const file = path.join(this.dir, `${String(this.step).padStart(2, '0')}-${slug(name)}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    return file;
  }

  // ---- helpers for assertions -------------------------------------------

  async h1() {
    return (await this.page.locator('h1').first().innerText()).trim();
  }

  async lang() {
    return this.page.evaluate(() => document.documentElement.lang);
  }

  async path() {
    return new URL(this.page.url()).pathname;
  }

  /** What has focus: id, tag, accessible-ish name, and whether a focus indicator is drawn. */
  async focused() {
    return this.page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { tag: 'body', id: '', name: '', visible: false, styles: [] };
      const drawn = (s) =>
        (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
      const describe = (s, where) => `${where}: outline ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}; box-shadow ${s.boxShadow}`;
      const styles = [[getComputedStyle(el), 'element']];
      // USWDS hides the native radio/checkbox and draws it (and its focus ring)
      // on the label's ::before.
      if (el.matches('input[type=radio], input[type=checkbox]') && el.labels?.length) {
        styles.push([getComputedStyle(el.labels[0], '::before'), 'label::before']);
      }
      const r = el.getBoundingClientRect();
      const name = (el.getAttribute('aria-label') || el.labels?.[0]?.innerText || el.innerText || el.value || '').trim().replace(/\s+/g, ' ');
      return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        type: el.getAttribute('type') ?? '',
        name: name.slice(0, 80),
        href: el.getAttribute('href') ?? '',
        visible: styles.some(([s]) => drawn(s)),
        onScreen: r.width > 0 || r.height > 0 || el.labels?.length > 0,
        styles: styles.map(([s, w]) => describe(s, w)),
      };
    });
  }

  describeFocus(f) {
    return `<${f.tag}${f.id ? ' id=' + f.id : ''}${f.href ? ' href=' + f.href : ''}> "${f.name}"`;
  }

  /**
   * Keyboard only: presses Tab (or Shift+Tab) until the focused element
   * matches `want` (a function of the focus description), asserting on every
   * stop that the focus is visible.
   */
  async tabTo(want, { backwards = false, max = 40, what = 'the target' } = {}) {
    const seen = [];
    for (let i = 0; i < max; i++) {
      await this.page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
      const f = await this.focused();
      seen.push(this.describeFocus(f));
      assert.ok(
        f.visible,
        `${await this.label()}: focus is not visible on ${this.describeFocus(f)} (${f.styles.join(' | ')})`,
      );
      if (want(f)) return f;
    }
    assert.fail(`${await this.label()}: ${what} not reached with ${max} x ${backwards ? 'Shift+Tab' : 'Tab'}; focus went: ${seen.join(' -> ')}`);
  }
}

export const axeTotals = { pages: 0, passes: 0 };

/** The page-weight table (largest transfer seen per page), as text. */
export function weightTable() {
  const rows = [...weights.entries()].sort((a, b) => b[1].bytes - a[1].bytes);
  const head = ['page', 'KB', 'html', 'css', 'js', 'other', 'req', 'modes'];
  const body = rows.map(([label, w]) => [label, kb(w.bytes), kb(w.html), kb(w.css), kb(w.js), kb(w.other), String(w.requests), [...w.modes].join(',')]);
  const width = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const fmt = (r) => r.map((c, i) => (i === 0 || i === 7 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  return [
    `Page weight, first visit, compressed as sent (budget ${kb(BUDGET_BYTES)} KB per page):`,
    fmt(head),
    width.map((w) => '-'.repeat(w)).join('  '),
    ...body.map(fmt),
  ].join('\n');
}
