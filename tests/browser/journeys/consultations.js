// Public consultations (issue 10), with JavaScript on and off:
//   A  a new citizen finds the open draft from the footer, comments on a section
//      (mistakes first), and sees the comment waiting for moderation;
//   B  the city's coordinator publishes it from the moderation queue, and it
//      shows on the public page without the author's name;
//   C  anyone reads the closed plan's response report, in Indonesian too.
// B follows the comment A sent in the same mode: run the whole file.
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../lib/harness.js';
import { nav, register, signIn, signOut } from '../lib/people.js';

const COORDINATOR = 'coordinator@demo.gerbang.example';
const OPEN = 'Draft mayoral regulation on market opening hours';

/** mode -> { text, name }: what A sent, for B. */
const sent = new Map();

export default [
  {
    name: 'consultations A: a citizen comments on a section, and it waits for moderation',
    async run(v) {
      const { page } = v;
      const me = await register(v);
      await v.follow(page.getByRole('contentinfo').getByRole('link', { name: 'Public consultations' }));
      assert.equal(await v.h1(), 'Public consultations');
      await v.follow(page.getByRole('link', { name: OPEN }));
      assert.equal(await v.h1(), OPEN);
      await page.getByRole('heading', { name: '3. Article 3 · Loading' }).waitFor();

      await v.follow(page.getByRole('button', { name: 'Send my comment' }), { status: 422 });
      const summary = page.locator('#error-summary');
      await summary.getByText('Choose whether you support or oppose it, or make a remark').waitFor();
      await summary.getByText('Write your comment').waitFor();

      const text = `Loading should start at 03:30 for the fish market (${v.mode.name} ${Date.now()}).`;
      await page.getByLabel('What you are commenting on').selectOption({ label: 'Section 3 · Article 3 · Loading' });
      await page.locator('label[for="position-oppose"]').click();
      await page.getByLabel('Your comment', { exact: true }).fill(text);
      await v.follow(page.getByRole('button', { name: 'Send my comment' }));
      await page.getByText('Your comment is waiting for moderation').waitFor();
      const mine = page.getByRole('region', { name: 'Your comments' });
      await mine.getByText('Waiting for moderation').waitFor();
      await mine.getByText(text).waitFor();
      sent.set(v.mode.name, { text, name: me.name });
      await signOut(v);
      await v.visit('/consultations/draft-mayoral-regulation-on-market-opening-hours');
      assert.ok(!(await page.content()).includes(text), 'not public before moderation');
    },
  },
  {
    name: 'consultations B: the coordinator publishes it; the public page shows it without a name',
    async run(v) {
      const { page } = v;
      const mine = sent.get(v.mode.name);
      assert.ok(mine, 'run the whole journeys/consultations.js');
      await v.visit('/login');
      await signIn(v, COORDINATOR, DEMO_PASSWORD);
      await v.follow((await nav(v)).getByRole('link', { name: 'Consultations' }));
      assert.equal(await v.h1(), 'Consultations');
      await v.follow(page.getByRole('link', { name: OPEN }));
      const item = page.getByRole('listitem').filter({ hasText: mine.text });
      await v.follow(item.getByRole('button', { name: 'Publish', exact: true }));
      await page.getByText('The comment was moderated; its author was told.').waitFor();
      await signOut(v);

      await v.visit('/consultations/draft-mayoral-regulation-on-market-opening-hours');
      await page.getByRole('region', { name: '3. Article 3 · Loading' }).getByText(/published comments? on this section/).waitFor();
      assert.ok((await page.content()).includes(mine.text), 'published');
      assert.ok(!(await page.content()).includes(mine.name), 'without the author');
    },
  },
  {
    name: 'consultations C: the closed plan and its response report, in both languages',
    async run(v) {
      const { page } = v;
      await v.visit('/consultations');
      await v.follow(page.getByRole('link', { name: 'Contoh City cycle lanes plan 2027' }));
      const report = page.getByRole('region', { name: 'Response report' });
      await report.getByRole('heading', { name: /Access for becak and carts/ }).waitFor();
      await report.getByText('The plan changed on two points.').waitFor();
      await page.getByRole('table', { name: 'Published comments on each section, by position' }).waitFor();
      await v.follow(page.getByRole('link', { name: 'Bahasa Indonesia' }));
      await page.getByRole('heading', { name: 'Laporan tanggapan' }).waitFor();
      await page.getByText('Rencana diubah pada dua hal.').waitFor();
      await v.follow(page.getByRole('link', { name: 'English' }));
    },
  },
];
