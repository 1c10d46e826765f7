// People on the site: signing up, in and out, and reading what a page says.
// Shared by the journeys so that each flow is written once.
import assert from 'node:assert/strict';
import { newCitizen } from '../journeys/accounts.js';

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
}

/** Signs out with the header button; ends on the home page. */
export async function signOut(v) {
  await v.follow((await nav(v)).getByRole('button', { name: /^(Sign out|Keluar)$/ }));
  assert.equal(await v.path(), '/');
}

/** The status tag of a case page. */
export const statusOf = async (v) => (await v.page.locator('dl.gerbang-meta .usa-tag').first().textContent()).trim();
