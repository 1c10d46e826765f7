// Keyboard only: Tab / Shift+Tab / Enter / Space and typing, no clicks.
// Every Tab stop must show a focus indicator (Visitor.tabTo checks it).
import assert from 'node:assert/strict';
import { giveCode } from '../lib/people.js';
import { DEMO_PASSWORD } from '../lib/harness.js';
import { assertErrorSummary, newCitizen, unique } from './accounts.js';

const is = (id) => (f) => f.id === id;
const link = (name) => (f) => f.tag === 'a' && f.name === name;
const button = (name) => (f) => f.tag === 'button' && f.name === name;

export default [
  {
    name: 'register with a mistake, then fix it, keyboard only',
    modes: ['keyboard'],
    async run(v) {
      const { page } = v;
      const kb = page.keyboard;
      const me = newCitizen();
      await v.visit('/');

      // The first Tab reaches the skip link.
      const skip = await v.tabTo(() => true, { max: 1 });
      assert.equal(skip.href, '#main-content', 'the first Tab stop is the skip link');

      await v.tabTo(link('Create an account'), { what: 'the "Create an account" link' });
      await v.press('Enter');
      assert.equal(await v.path(), '/register');

      // Radio group: Tab into it, Space picks "citizen".
      await v.tabTo((f) => f.type === 'radio', { what: 'the first radio button' });
      await kb.press('Space');
      assert.ok(await page.locator('#kind').isChecked(), 'Space checked the focused radio');
      await v.tabTo(is('full_name'));
      await kb.type(me.name);
      await v.tabTo(is('email'));
      await kb.type('ayu.example.org');
      await v.tabTo(is('password'));
      await kb.type(me.password);
      await v.tabTo(is('password_confirm'));
      await kb.type(me.password + ' siang');
      await v.press('Enter', { status: 422 }); // submits the form from the text field

      await assertErrorSummary(v, ['email', 'password_confirm']);
      const f = await v.focused();
      assert.ok(f.visible, `the focused error summary shows a focus indicator (${f.styles.join(' | ')})`);
      assert.equal(await page.locator('#full_name').inputValue(), me.name, 'name kept');
      assert.equal(await page.locator('#email').inputValue(), 'ayu.example.org', 'email kept');

      // From the summary, the first link leads to the email field.
      const first = await v.tabTo((x) => x.tag === 'a' && x.href === '#email', { max: 1, what: 'the first error link' });
      assert.match(first.name, /email/i);
      await kb.press('Enter');
      assert.equal(new URL(page.url()).hash, '#email');
      // The browser moves focus to the field the link points at (no script needed).
      const atField = await v.focused();
      assert.equal(atField.id, 'email', `after following the error link, focus is on ${v.describeFocus(atField)}`);
      assert.ok(atField.visible, 'focus on the email field is visible');
      await kb.press('ControlOrMeta+A');
      await kb.type(me.email);
      await v.tabTo(is('password'));
      await kb.type(me.password);
      await v.tabTo(is('password_confirm'));
      await kb.type(me.password);
      // Shift+Tab back to the name to check it survived, then on to the button.
      await v.tabTo(is('full_name'), { backwards: true });
      assert.equal(await page.locator('#full_name').inputValue(), me.name);
      await v.tabTo((x) => x.tag === 'button' && x.name === 'Create account', { what: 'the submit button' });
      await v.press('Space');

      assert.equal(await v.path(), '/account');
      await page.getByText(me.email).waitFor();

      // Sign out with the keyboard too.
      await v.tabTo((x) => x.tag === 'button' && x.name.startsWith('Sign out'), { what: 'the sign-out button' });
      await v.press('Enter');
      assert.equal(await v.path(), '/');
      assert.equal(await page.getByRole('button', { name: /^Sign out/ }).count(), 0);
    },
  },

  {
    name: 'browse, switch language and search, keyboard only',
    modes: ['keyboard'],
    async run(v) {
      const { page } = v;
      await v.visit('/');
      await v.tabTo(link('Services'), { what: 'the "Services" nav link' });
      await v.press('Enter');
      assert.equal(await v.path(), '/services');
      await v.tabTo(link('Birth certificate'), { max: 60, what: 'the "Birth certificate" link' });
      await v.press('Enter');
      assert.equal(await v.path(), '/services/birth-certificate');
      // The scrollable tables are Tab stops of their own (tabindex=0), so that
      // a keyboard user can scroll them; the agency link comes first.
      await v.tabTo(link('Population and Civil Registration Office of Contoh City'), { max: 60, what: 'the agency link' });
      await v.press('Enter');
      assert.equal(await v.path(), '/agencies/civil-registry');

      await v.tabTo(link('Bahasa Indonesia'), { what: 'the language switch' });
      await v.press('Enter');
      assert.equal(await v.lang(), 'id');
      assert.equal(await v.path(), '/agencies/civil-registry');

      await v.tabTo(link('Layanan'), { backwards: true, what: 'the "Layanan" nav link (Shift+Tab)' });
      await v.press('Enter');
      await v.tabTo(is('q'), { what: 'the search box' });
      await page.keyboard.type('akta kelahiran');
      await v.press('Enter');
      assert.equal(new URL(page.url()).searchParams.get('q'), 'akta kelahiran');
      await v.tabTo(link('Akta Kelahiran'), { max: 60, what: 'the "Akta Kelahiran" result' });
      await v.press('Enter');
      assert.equal(await v.h1(), 'Akta Kelahiran');
    },
  },

  {
    name: 'agency admin creates a staff member, keyboard only',
    modes: ['keyboard'],
    async run(v) {
      const { page } = v;
      const kb = page.keyboard;
      const id = unique();
      // The admin reads Indonesian: chosen on the sign-in page, kept by signing in.
      await v.visit('/lang/id?next=/login');
      await v.tabTo(is('email'));
      await kb.type('agency-admin@demo.gerbang.example');
      await v.tabTo(is('password'));
      await kb.type(DEMO_PASSWORD);
      await v.press('Enter');
      // Staff give the code from their authenticator app, by keyboard too.
      assert.equal(await v.path(), '/login/second-factor');
      await giveCode(v, { keyboard: true, account: 'agency-admin@demo.gerbang.example' });
      assert.equal(await v.lang(), 'id');

      await v.tabTo(link('Pegawai'), { what: 'the "Pegawai" nav link' });
      await v.press('Enter');
      assert.equal(await v.path(), '/admin/staff');

      const name = `Penyelia ${id}`;
      const email = `penyelia.${id}@demo.gerbang.example`;
      await v.tabTo(is('full_name'), { max: 60 });
      await kb.type(name);
      await v.tabTo(is('email'));
      await kb.type(email);
      await v.tabTo(is('password'));
      await kb.type('loket pelayanan dua');
      await v.tabTo(is('agency'));
      await v.tabTo(is('role'));
      await kb.press('ArrowDown'); // Petugas -> Penyelia
      assert.equal(await page.locator('#role').inputValue(), 'supervisor', 'ArrowDown on the closed select chose the next role');
      await v.tabTo(button('Buat akun pegawai'));
      await v.press('Enter');
      await page.getByText('Akun pegawai telah dibuat.').waitFor();
      await page.getByRole('row', { name: new RegExp(`${name}.*Penyelia`) }).waitFor();
    },
  },
];
