// Identity journeys: a new staff member sets up a second factor and signs in with it;
// a forgotten password is reset through the emailed link; the sessions page signs the
// other sessions out. Each also runs with JavaScript off (360 px).
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../lib/harness.js';
import { linkInMail } from '../lib/mail.js';
import { nav, register, signIn, signOut, totp } from '../lib/people.js';
import { unique } from './accounts.js';

/** RFC 4648 base32 (what the enrolment page shows) to bytes. */
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    const i = alphabet.indexOf(c);
    assert.ok(i >= 0, `not base32: ${c}`);
    bits += i.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

export default [
  {
    name: 'a new staff member sets up a second factor, then signs in with it',
    async run(v) {
      const { page } = v;
      const id = unique();
      const email = `loket.${id}@demo.gerbang.example`;
      const password = 'meja loket nomor tiga';
      await v.visit('/login');
      await signIn(v, 'agency-admin@demo.gerbang.example', DEMO_PASSWORD);
      await v.follow((await nav(v)).getByRole('link', { name: 'Staff', exact: true }));
      await page.getByLabel('Full name').fill(`Petugas Loket ${id}`);
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Initial password').fill(password);
      await page.getByLabel('Role').selectOption('officer');
      await v.follow(page.getByRole('button', { name: 'Create staff account' }));
      await page.getByText('The staff account has been created.').waitFor();
      await signOut(v);

      // The first sign-in goes to the enrolment page, and nowhere else.
      await v.visit('/login');
      await page.locator('#email').fill(email);
      await page.locator('#password').fill(password);
      await v.follow(page.getByRole('main').getByRole('button', { name: 'Sign in' }));
      assert.equal(await v.path(), '/account/second-factor');
      assert.equal(await v.h1(), 'Set up a second factor');
      await v.visit('/backoffice');
      assert.equal(await v.path(), '/account/second-factor', 'nothing else opens before it');
      const secret = base32(await page.locator('#secret').textContent());
      assert.equal(secret.length, 20, 'a 160-bit key');
      await page.getByLabel('Code', { exact: true }).fill('000000');
      await v.follow(page.getByRole('button', { name: 'Turn on the second factor' }), { status: 422 });
      await page.getByText('That code is not right').first().waitFor();
      await page.getByLabel('Code', { exact: true }).fill(totp(secret));
      await v.follow(page.getByRole('button', { name: 'Turn on the second factor' }));
      assert.equal(await v.h1(), 'Your recovery codes');
      assert.equal(await page.locator('ul.gerbang-codes li').count(), 10);
      await v.follow(page.getByRole('link', { name: 'I have saved my codes' }));
      assert.equal(await v.path(), '/backoffice');
      await signOut(v);

      // The next sign-in asks for the code; one from a minute ago is refused.
      await v.visit('/login');
      await page.locator('#email').fill(email);
      await page.locator('#password').fill(password);
      await v.follow(page.getByRole('main').getByRole('button', { name: 'Sign in' }));
      assert.equal(await v.path(), '/login/second-factor');
      assert.equal(await v.h1(), 'Enter your code');
      await page.getByLabel('Code', { exact: true }).fill(totp(secret, Date.now() - 90_000));
      await v.follow(page.getByRole('button', { name: 'Continue' }), { status: 422 });
      await page.getByLabel('Code', { exact: true }).fill(totp(secret, Date.now() + 30_000));
      await v.follow(page.getByRole('button', { name: 'Continue' }));
      assert.equal(await v.path(), '/');
      await v.visit('/account');
      await page.getByRole('link', { name: 'Second factor: on' }).waitFor();
    },
  },

  {
    name: 'a forgotten password is reset through the emailed link',
    async run(v) {
      const { page } = v;
      const me = await register(v);
      await signOut(v);
      await v.visit('/login');
      await v.follow(page.getByRole('link', { name: 'Forgotten your password?' }));
      assert.equal(await v.h1(), 'Forgotten password');
      await page.getByLabel('Email address').fill(me.email);
      await v.follow(page.getByRole('button', { name: 'Send the link' }));
      await page.getByText(`If ${me.email} has an account`).waitFor();

      const link = await linkInMail(me.email, /http\S+\/password\/reset\?token=[\w-]+/);
      await v.visit(new URL(link).pathname + new URL(link).search);
      assert.equal(await v.h1(), 'Set a new password');
      await page.getByLabel('New password').fill('password123');
      await page.getByLabel('Repeat the password').fill('password123');
      await v.follow(page.getByRole('button', { name: 'Set the password' }), { status: 422 });
      await page.getByText('lists of passwords attackers try first').first().waitFor();
      const fresh = 'teh manis di sore hari';
      await page.getByLabel('New password').fill(fresh);
      await page.getByLabel('Repeat the password').fill(fresh);
      await v.follow(page.getByRole('button', { name: 'Set the password' }));
      assert.equal(await v.path(), '/login');
      await page.getByText('Your password has been set.').waitFor();
      await signIn(v, me.email, fresh);
      assert.equal(await v.path(), '/');
      // The link is spent.
      await v.visit(new URL(link).pathname + new URL(link).search, { status: 410 });
      await page.getByText('This link is no longer good').waitFor();
    },
  },

  {
    name: 'the sessions page shows where you are signed in and signs the others out',
    async run(v) {
      const { page } = v;
      const me = await register(v);
      // A second session: this browser forgets its cookie (as another device would
      // hold its own) and signs in again.
      await page.context().clearCookies();
      await v.visit('/login');
      await signIn(v, me.email, me.password);
      await v.visit('/account');
      await v.follow(page.getByRole('link', { name: 'Where you are signed in' }));
      assert.equal(await v.h1(), 'Where you are signed in');
      assert.equal(await page.locator('.gerbang-sessions > li').count(), 2);
      await page.getByText('This device').waitFor();
      await v.follow(page.getByRole('button', { name: 'Sign out everywhere else' }));
      await page.getByText('1 other session has been signed out.').waitFor();
      assert.equal(await page.locator('.gerbang-sessions > li').count(), 1);
    },
  },

  {
    name: 'a citizen signs in with the national identity provider',
    async run(v) {
      const { page } = v;
      await v.visit('/login');
      // The provider signs the test's account in at once and sends the browser back.
      await v.follow(page.getByRole('link', { name: 'Sign in with INApas' }));
      assert.equal(await v.path(), '/');
      await v.visit('/account');
      await page.getByText('Warga warga-1').first().waitFor();
      await v.visit('/account/sessions');
      await page.getByText('INApas', { exact: true }).first().waitFor();
    },
  },
];
