// Complaints (issue 10), with JavaScript on and off:
//   A  someone without an account files a complaint to the civil registry (mistakes
//      first: the error summary, typed values kept), keeps the follow-up link, and
//      the public list shows the complaint without the person;
//   B  the coordinating admin verifies and assigns it, the officer answers publicly;
//   C  the complainant, back through the follow-up link, closes it with a rating,
//      and reads it in Indonesian; the demo's overdue report shows as escalated.
// B and C follow the complaint A filed in the same mode: run the whole file.
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../lib/harness.js';
import { nav, signIn, signOut, statusOf } from '../lib/people.js';

const COORDINATOR = 'agency-admin@demo.gerbang.example';
const OFFICER = 'officer@demo.gerbang.example';
const REFERENCE = /GRB-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]/;

/** mode -> { reference, link }: what A filed, for B and C. */
const filed = new Map();
function filedIn(v) {
  const f = filed.get(v.mode.name);
  assert.ok(f, `nothing filed by journey A in mode ${v.mode.name}: run the whole journeys/complaints.js`);
  return f;
}

/** Chooses a USWDS radio or checkbox the way a person does: by its label. */
async function choose(page, id) {
  await page.locator(`label[for="${id}"]`).click();
  assert.ok(await page.locator(`#${id}`).isChecked(), `#${id} is chosen`);
}

export default [
  {
    name: 'complaints A: file without an account, keep the link, the public list shows no person',
    async run(v) {
      const { page } = v;
      await v.visit('/');
      await v.follow((await nav(v)).getByRole('link', { name: 'Complaints' }));
      assert.equal(await v.h1(), 'Complaints and reports');
      await v.follow(page.getByRole('link', { name: 'File a complaint or report' }));
      await page.getByLabel('Which agency is it about?').selectOption('civil-registry');
      await v.follow(page.getByRole('button', { name: 'Continue' }));
      assert.equal(await v.h1(), 'File a complaint, report or request');

      // Mistakes first: no category, no contact.
      const email = `pelapor-${v.mode.name}-${Date.now()}@example.id`;
      await page.getByLabel('Subject').fill('Queue ticket machine broken');
      await page.getByLabel('What happened?').fill('The ticket machine at the counter has been broken all week; people queue without numbers.');
      await v.follow(page.getByRole('button', { name: 'File it' }), { status: 422 });
      const summary = page.locator('#error-summary');
      await summary.getByText('Choose a category').waitFor();
      await summary.getByText('Give an email address or a mobile number').waitFor();
      assert.equal(await page.getByLabel('Subject').inputValue(), 'Queue ticket machine broken', 'typed values are kept');

      await choose(page, 'category');
      await page.getByLabel('Email address').fill(email);
      await choose(page, 'confidential');
      await v.follow(page.getByRole('button', { name: 'File it' }));
      await page.getByText('Keep this link').waitFor();
      const link = (await page.locator('code.gerbang-break').innerText()).trim();
      const reference = (await v.h1()).match(REFERENCE)?.[0];
      assert.ok(reference, 'the page names the reference');
      assert.match(link, /\?key=/);
      assert.equal(await statusOf(v), 'Received');
      filed.set(v.mode.name, { reference, link, email });

      // The public list: the complaint, not the person.
      await v.visit('/complaints?agency=civil-registry');
      const row = page.getByRole('row').filter({ hasText: reference });
      await row.getByText('Queue ticket machine broken').waitFor();
      assert.ok(!(await page.content()).includes(email), 'no contact on the public list');
      await v.visit(`/complaints/${reference}`);
      assert.ok(!(await page.content()).includes(email), 'no contact on the public page');
      assert.equal(await page.getByRole('heading', { name: 'Satisfied with the answer?' }).count(), 0, 'only the complainant acts');
    },
  },
  {
    name: 'complaints B: the coordinator verifies and assigns, the officer answers',
    async run(v) {
      const { page } = v;
      const { reference, email } = filedIn(v);
      await v.visit('/login');
      await signIn(v, COORDINATOR, DEMO_PASSWORD);
      await v.follow((await nav(v)).getByRole('link', { name: 'Complaints' }));
      assert.equal(await v.h1(), 'Complaints to handle');
      await v.follow(page.getByRole('link', { name: reference }).first());
      await page.getByText(email).waitFor(); // the coordinator knows who filed it
      await v.follow(page.getByRole('button', { name: 'Verify', exact: true }));
      await page.getByText('The complaint is verified.').waitFor();
      await page.getByLabel('Agency responsible for the answer').selectOption('civil-registry');
      await v.follow(page.getByRole('button', { name: 'Assign', exact: true }));
      assert.equal(await statusOf(v), 'Assigned to the agency');
      await signOut(v);

      await v.visit('/login');
      await signIn(v, OFFICER, DEMO_PASSWORD);
      await v.visit(`/backoffice/complaints/${reference}`);
      await page.getByText('The complainant asked that their identity be kept confidential').waitFor();
      assert.ok(!(await page.content()).includes(email), 'a confidential complainant is hidden from officers');
      await v.follow(page.getByRole('button', { name: 'Send the answer' }), { status: 422 });
      await page.locator('#error-summary').getByText('Enter the text').waitFor();
      await page.getByLabel('Follow-up').fill('The machine is repaired; numbers are issued again from 07:30.');
      await v.follow(page.getByRole('button', { name: 'Send the answer' }));
      assert.equal(await statusOf(v), 'Answered');
      await signOut(v);
    },
  },
  {
    name: 'complaints C: the complainant closes and rates it, in both languages',
    async run(v) {
      const { page } = v;
      const { link } = filedIn(v);
      await v.visit(new URL(link).pathname + new URL(link).search);
      await page.getByText('The machine is repaired').waitFor();
      await choose(page, 'rating-5');
      await v.follow(page.getByRole('button', { name: 'Close my complaint' }));
      await page.getByText('Your complaint is closed. Thank you.').waitFor();
      assert.equal(await statusOf(v), 'Closed');
      await v.follow(page.getByRole('link', { name: 'Bahasa Indonesia' }));
      assert.equal(await statusOf(v), 'Selesai');
      await page.getByText('5 dari 5').waitFor();
      await v.follow(page.getByRole('link', { name: 'English' }));

      // The demo's street-light report was never verified: it went up to the city.
      await v.visit('/complaints?agency=transport-office');
      const row = page.getByRole('row').filter({ hasText: 'Street lights out on Jl. Melati' });
      await row.getByText('Escalated').waitFor();
    },
  },
];
