// Journeys 4 and 5: register (with a mistake first), sign out and in; the
// agency admin creates a staff member.
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../lib/harness.js';

export const unique = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
import { giveCode, nav } from '../lib/people.js';

/** The error summary is shown, has focus, and each of its links points at a field on the page. */
export async function assertErrorSummary(v, fields) {
  const { page } = v;
  const summary = page.locator('#error-summary');
  await summary.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary', 'the error summary has focus after the failed submit');
  const hrefs = await summary.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, fields.map((f) => '#' + f), 'the error summary links to each field in error, in order');
  for (const f of fields) {
    assert.equal(await page.locator('#' + f).count(), 1, `#${f} exists`);
  }
  // GOV.UK's error pattern: the title says so first, the summary is the first thing in <main>.
  assert.match(await page.title(), /^(Error|Galat): /, 'the page title starts with "Error:"');
  assert.equal(await page.evaluate(() => document.querySelector('main')?.firstElementChild?.id), 'error-summary',
    'the error summary is the first thing in <main>');
}

export const newCitizen = () => {
  const id = unique();
  return { name: `Ayu Lestari ${id}`, email: `ayu.${id}@example.org`, password: 'kopi tubruk pagi hari' };
};

async function signIn(v, email, password) {
  const { page } = v;
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await v.follow(page.getByRole('main').getByRole('button', { name: 'Sign in' }));
  await giveCode(v, { account: email });
}

export default [
  {
    name: 'register with a mistake, sign out, sign in',
    async run(v) {
      const { page } = v;
      const me = newCitizen();
      await v.visit('/');
      await v.follow((await nav(v)).getByRole('link', { name: 'Create an account' }));
      assert.equal(await v.path(), '/register');
      assert.equal(await v.h1(), 'Create an account');

      // First try: a malformed email, and the password repeated wrongly.
      await page.getByLabel('A citizen (for myself or my family)').check();
      await page.getByLabel('Full name').fill(me.name);
      await page.getByLabel('Email address').fill('ayu.example.org');
      await page.getByLabel('Password', { exact: true }).fill(me.password);
      await page.getByLabel('Repeat the password').fill(me.password + ' siang');
      await v.follow(page.getByRole('button', { name: 'Create account' }), { status: 422 });
      assert.equal(await v.path(), '/register');
      await assertErrorSummary(v, ['email', 'password_confirm']);
      assert.equal(await page.getByLabel('Full name').inputValue(), me.name, 'name kept');
      assert.equal(await page.getByLabel('Email address').inputValue(), 'ayu.example.org', 'email kept');
      assert.ok(await page.getByLabel('A citizen (for myself or my family)').isChecked(), 'choice kept');
      assert.equal(await page.getByLabel('Email address').getAttribute('aria-invalid'), 'true');

      // Correct it.
      await page.getByLabel('Email address').fill(me.email);
      await page.getByLabel('Password', { exact: true }).fill(me.password);
      await page.getByLabel('Repeat the password').fill(me.password);
      await v.follow(page.getByRole('button', { name: 'Create account' }));
      assert.equal(await v.path(), '/account');
      assert.equal(await v.h1(), 'My account');
      await page.getByText('Your account has been created and you are signed in.').waitFor();
      await page.getByText(me.email).waitFor();

      // Sign out (a button in the header), then sign in again.
      await v.follow((await nav(v)).getByRole('button', { name: 'Sign out' }));
      assert.equal(await v.path(), '/');
      assert.equal(await page.getByRole('button', { name: /^Sign out/ }).count(), 0);
      await v.follow((await nav(v)).getByRole('link', { name: 'Sign in' }));
      assert.equal(await v.path(), '/login');
      await signIn(v, me.email, me.password);
      await (await nav(v)).getByRole('button', { name: 'Sign out' }).waitFor();
      await v.follow((await nav(v)).getByRole('link', { name: 'My account' }));
      await page.getByText(me.email).waitFor();
    },
  },

  {
    name: 'agency admin creates a staff member',
    async run(v) {
      const { page } = v;
      const id = unique();
      await v.visit('/login');
      await signIn(v, 'agency-admin@demo.gerbang.example', DEMO_PASSWORD);
      // The demo agency admin's account is in Indonesian, yet signing in keeps the
      // language being read; the admin then switches with the header's link.
      assert.equal(await v.lang(), 'en', 'signing in does not switch the language');
      await v.follow(page.getByRole('link', { name: 'Bahasa Indonesia' }));
      assert.equal(await v.lang(), 'id');
      await v.follow((await nav(v)).getByRole('link', { name: 'Pegawai', exact: true }));
      assert.equal(await v.path(), '/admin/staff');
      assert.equal(await v.h1(), 'Akun pegawai');

      // Forgot the name: the summary, then the fix.
      const email = `petugas.${id}@demo.gerbang.example`;
      await page.getByLabel('Alamat email').fill(email);
      await page.getByLabel('Kata sandi awal').fill('loket pelayanan satu');
      await page.getByLabel('Peran').selectOption('officer');
      await v.follow(page.getByRole('button', { name: 'Buat akun pegawai' }), { status: 422 });
      await assertErrorSummary(v, ['full_name']);
      assert.equal(await page.getByLabel('Alamat email').inputValue(), email, 'email kept');
      assert.equal(await page.getByLabel('Peran').inputValue(), 'officer', 'role kept');

      const name = `Petugas Loket ${id}`;
      await page.getByLabel('Nama lengkap').fill(name);
      await page.getByLabel('Kata sandi awal').fill('loket pelayanan satu');
      await v.follow(page.getByRole('button', { name: 'Buat akun pegawai' }));
      assert.equal(await v.path(), '/admin/staff');
      await page.getByText('Akun pegawai telah dibuat.').waitFor();
      await page.getByRole('row', { name: new RegExp(`${name}.*${email.replace(/\./g, '\\.')}`) }).waitFor();
    },
  },
];
