// Keyboard only: Tab / Shift+Tab / Enter / Space and typing, no clicks.
// Every Tab stop must show a focus indicator (Visitor.tabTo checks it).
import assert from 'node:assert/strict';
import { assertErrorSummary, newCitizen } from './accounts.js';

const is = (id) => (f) => f.id === id;
const link = (name) => (f) => f.tag === 'a' && f.name === name;

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
      await kb.type('short');
      await v.tabTo(is('password_confirm'));
      await kb.type('shorter');
      await v.press('Enter', { status: 422 }); // submits the form from the text field

      await assertErrorSummary(v, ['email', 'password', 'password_confirm']);
      const f = await v.focused();
      assert.ok(f.visible, `the focused error summary shows a focus indicator (${f.styles.join(' | ')})`);
      assert.equal(await page.locator('#full_name').inputValue(), me.name, 'name kept');
      assert.equal(await page.locator('#email').inputValue(), 'ayu.example.org', 'email kept');

      // From the summary, the first link leads to the email field.
      const first = await v.tabTo((x) => x.tag === 'a' && x.href === '#email', { max: 1, what: 'the first error link' });
      assert.match(first.name, /email/i);
      await kb.press('Enter');
      assert.equal(new URL(page.url()).hash, '#email');
      // Fix the email: from wherever the link left us, Tab (back or on) to the field.
      let now = await v.focused();
      if (now.id !== 'email') {
        now = await v.tabTo(is('email'), { max: 3, what: '#email after following its error link' }).catch(async () =>
          v.tabTo(is('email'), { backwards: true, what: '#email (backwards)' }),
        );
      }
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
];
