// People on the site: signing up, in and out, and reading what a page says.
// Shared by the journeys so that each flow is written once.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { newCitizen } from '../journeys/accounts.js';

/** The demo's published second-factor key of every staff account (see `gerbang demo`). */
export const DEMO_TOTP_KEY = Buffer.from('gerbang-demo-key-2026');

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) of `key` at `at` (milliseconds). */
export function totp(key, at = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[19] & 0xf;
  const n = (((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]) % 1_000_000;
  return String(n).padStart(6, '0');
}

/** The last time step whose code each account used: the server takes a step once, and
 * only one later than the last it took (a code is good once). */
const usedStep = new Map();

const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/**
 * On the second step of signing in, gives the demo key's code (mouse, or keyboard only)
 * for `account`: the code of the first step after the last one this account used,
 * waiting for it when it is more than one step ahead (the server accepts one step of
 * skew), so that no attempt is wasted (failures are counted against the account). If
 * it is refused all the same (the account signed in elsewhere), a fresh step is waited
 * for once.
 */
export async function giveCode(v, { keyboard = false, account = '' } = {}) {
  const { page } = v;
  for (const plan of ['next-unused', 'wait']) {
    if (!(await v.path()).startsWith('/login/second-factor')) return;
    const now = () => Math.floor(Date.now() / 30_000);
    let step = Math.max(now(), (usedStep.get(account) ?? -1) + 1);
    if (plan === 'wait') step = Math.max(step, now() + 2);
    // Within one step of skew: wait until the step before it has begun.
    await sleep((step - 1) * 30_000 + 500 - Date.now());
    const code = totp(DEMO_TOTP_KEY, step * 30_000);
    if (keyboard) {
      await v.tabTo((el) => el.id === 'code', { what: 'the code field' });
      await page.keyboard.type(code);
      await v.press('Enter', { status: null });
    } else {
      await page.locator('#code').fill(code);
      await v.follow(page.getByRole('main').getByRole('button', { name: /^(Continue|Lanjutkan)$/ }), { status: null });
    }
    if (!(await v.path()).startsWith('/login/second-factor')) usedStep.set(account, step);
  }
  assert.notEqual(await v.path(), '/login/second-factor', 'the second factor was accepted');
}

/** The site's main navigation, in either language. */
/**
 * The main navigation as the visitor sees it: on a wide screen the header's row of
 * links; on a phone the links inside the "Menu" button, which is opened first (a
 * <details> element, so it opens without JavaScript too).
 */
export async function nav(v) {
  const button = v.page.locator('summary.gerbang-menu__button');
  if (await button.isVisible()) {
    const open = await v.page.locator('details.gerbang-menu').evaluate((d) => d.open);
    if (!open) await button.click();
  }
  return v.page.getByRole('navigation', { name: /^(Main menu|Menu utama)$/ });
}

/** Registers a new citizen (English, like the browser) with the mouse; ends on /account. */
export async function register(v) {
  const { page } = v;
  const me = newCitizen();
  await v.visit('/register');
  await page.getByLabel('A citizen (for myself or my family)').check();
  await page.getByLabel('Full name').fill(me.name);
  await page.getByLabel('Email address').fill(me.email);
  await page.getByLabel('Password', { exact: true }).fill(me.password);
  await page.getByLabel('Repeat the password').fill(me.password);
  await v.follow(page.getByRole('button', { name: 'Create account' }));
  assert.equal(await v.path(), '/account');
  return me;
}

/** Fills the sign-in form (either language: by field id) and submits it. */
export async function signIn(v, email, password) {
  const { page } = v;
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await v.follow(page.getByRole('main').getByRole('button', { name: /^(Sign in|Masuk)$/ }));
  await giveCode(v, { account: email });
}

/** Signs out with the header button; ends on the home page. */
export async function signOut(v) {
  await v.follow((await nav(v)).getByRole('button', { name: /^(Sign out|Keluar)$/ }));
  assert.equal(await v.path(), '/');
}

/** The status tag of a case page. */
export const statusOf = async (v) => (await v.page.locator('dl.gerbang-meta .usa-tag').first().textContent()).trim();
