// Online applications, end to end, through the pages (issue 3); journeys 7
// to 12 and 7k of ../README.md:
//   7   a new citizen applies for a birth certificate: mistakes first (error
//       summary has focus, typed values kept, a fake "PDF" refused by its
//       content), then the fix with two PDF attachments -> receipt with the
//       reference; a draft saved on another service comes back pre-filled;
//   8   anyone tracks the reference on /track (a mistyped one is refused);
//   9   the officer finds the case in the back office, claims it, accepts it
//       and asks for a correction (the comment is required);
//   10  the citizen reads the request on the case page, corrects, resubmits;
//   11  the officer accepts and recommends, the supervisor approves; the
//       citizen sees "Approved", and "Disetujui" in Indonesian;
//   12  the API token page: create a token, see it once, use it, revoke it;
//   7k  journey 7 by keyboard only.
// 8 to 11 follow the case that 7 filed in the same mode (modes run one after
// the other and the journeys of a file in order), so run the whole file.
import assert from 'node:assert/strict';
import { nav, register, signIn, signOut, statusOf } from '../lib/people.js';
import { DEMO_PASSWORD } from '../lib/harness.js';
import { assertErrorSummary, newCitizen } from './accounts.js';

const OFFICER = 'officer@demo.gerbang.example';
const SUPERVISOR = 'supervisor@demo.gerbang.example';

/** GRB-XXXX-XXXX-C: Crockford base32 (no I, L, O, U), the last symbol a check character. */
const REFERENCE = /GRB-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]/;

/** mode name -> { citizen, reference }: what journey A filed, for B to E. */
const cases = new Map();
function caseOf(v) {
  const c = cases.get(v.mode.name);
  assert.ok(c, `no case filed by "apply online" in mode ${v.mode.name}: run the whole journeys/applications.js`);
  return c;
}

/**
 * A small, valid one-page PDF (the server sniffs the content: it must start
 * with "%PDF-"), built here with a correct cross-reference table.
 */
export function pdf(name, text) {
  const content = `BT /F1 18 Tf 72 770 Td (${text.replace(/[()\\]/g, '\\$&')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(body, 'latin1') };
}

/** Named .pdf, but text inside: refused, since the server judges the content. */
const FAKE_PDF = { name: 'surat-keterangan-lahir.pdf', mimeType: 'application/pdf', buffer: Buffer.from('This is a text file, not a PDF.\n') };

// Valid NIKs: province 33, regency 72, district 05, date of birth (day + 40
// for women), serial.
const FATHER_NIK = '3372051203900001';
const MOTHER_NIK = '3372054507920003';

/**
 * Ticks a USWDS checkbox the way a person does, by clicking its label (USWDS
 * moves the native input off-screen and draws the box on the label).
 */
async function tick(page, label) {
  const box = page.getByLabel(label);
  await page.locator(`label[for="${await box.getAttribute('id')}"]`).click();
  assert.ok(await box.isChecked(), `"${label}" is ticked`);
}

/** "Status" on a case page (applicant's or staff's); the text, not its upper-case rendering. */

/** A mistyped reference: one data symbol changed, which the check character catches. */
function mistype(reference) {
  const i = 4; // the first symbol after "GRB-"
  const other = reference[i] === '7' ? '8' : '7';
  return reference.slice(0, i) + other + reference.slice(i + 1);
}

/** The back office: filter the inbox on a service and state, open the case. */
async function openFromInbox(v, reference, state) {
  const { page } = v;
  await v.follow((await nav(v)).getByRole('link', { name: 'Layanan internal', exact: true }));
  assert.equal(await v.path(), '/backoffice');
  assert.equal(await v.h1(), 'Berkas yang perlu ditangani');
  await page.getByLabel('Layanan', { exact: true }).selectOption('birth-certificate');
  // By value: the filter names a state after the first service that has it
  // (licensing calls awaiting_approval "Menunggu persetujuan").
  await page.getByLabel('Status', { exact: true }).selectOption(state);
  await v.follow(page.getByRole('button', { name: 'Tampilkan berkas' }));
  assert.equal(new URL(page.url()).searchParams.get('service'), 'birth-certificate');
  assert.equal(new URL(page.url()).searchParams.get('state'), state);
  await v.follow(page.getByRole('link', { name: reference, exact: true }));
  assert.equal(await v.path(), `/backoffice/cases/${reference}`);
  assert.equal(await v.h1(), 'Akta Kelahiran');
}

/** Clicks a decision button on the staff case page and checks the new status. */
async function decide(v, button, newStatus) {
  const { page } = v;
  await v.follow(page.getByRole('button', { name: button }));
  await page.getByText('Keputusan telah dicatat dan pemohon telah diberi tahu.').waitFor();
  assert.equal(await statusOf(v), newStatus);
}

// ---- keyboard only (journey Ak) ------------------------------------------
const is = (id) => (f) => f.id === id;
const link = (name) => (f) => f.tag === 'a' && f.name === name;
const button = (name) => (f) => f.tag === 'button' && f.name === name;

/** Registers a new citizen with Tab, Space and typing; ends on /account. */
async function registerByKeyboard(v) {
  const kb = v.page.keyboard;
  const me = newCitizen();
  await v.visit('/register');
  await v.tabTo((f) => f.type === 'radio', { what: 'the first radio button' });
  await kb.press('Space');
  await v.tabTo(is('full_name'));
  await kb.type(me.name);
  await v.tabTo(is('email'));
  await kb.type(me.email);
  await v.tabTo(is('password'));
  await kb.type(me.password);
  await v.tabTo(is('password_confirm'));
  await kb.type(me.password);
  await v.press('Enter');
  assert.equal(await v.path(), '/account');
  return me;
}

/**
 * Tabs to a file input and chooses a file from the keyboard: Space on the
 * focused input opens the file chooser, as for a person; the operating
 * system's dialog cannot be driven from a page, so Playwright answers the
 * `filechooser` event with the file (the same as setInputFiles on the focused
 * input, which is what the dialog does when the person picks the file).
 */
async function chooseFile(v, id, file) {
  const { page } = v;
  const f = await v.tabTo(is(id), { what: `the file input #${id}` });
  assert.equal(f.type, 'file');
  // Chromium now and then drops the first Space on a file input under load; a person
  // would press it again, and so does the journey (at most three times).
  let chooser;
  for (let attempt = 1; !chooser; attempt++) {
    try {
      [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 5_000 }), page.keyboard.press('Space')]);
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  await chooser.setFiles(file);
  assert.equal(await page.locator(`#${id}`).evaluate((el) => el.files[0]?.name), file.name);
}

/** Moves a closed <select> with the arrow keys until it shows `value`. */
async function arrowTo(v, id, value, { max = 10 } = {}) {
  const { page } = v;
  for (let i = 0; i < max && (await page.locator(`#${id}`).inputValue()) !== value; i++) {
    await page.keyboard.press('ArrowDown');
  }
  assert.equal(await page.locator(`#${id}`).inputValue(), value, `ArrowDown on #${id} reached ${value}`);
}

export default [
  {
    name: 'apply online with mistakes, attachments, receipt and a draft',
    async run(v) {
      const { page } = v;
      const me = await register(v);

      // From the service page.
      await v.visit('/services/birth-certificate');
      await v.follow(page.getByRole('main').getByRole('link', { name: 'Apply online' }));
      assert.equal(await v.path(), '/services/birth-certificate/apply');
      assert.equal(await v.h1(), 'Apply: Birth certificate');

      // First try: a date of birth without its year, "second" for a number, a NIK too
      // short, a text file named .pdf, no marriage document, declaration unticked.
      await page.getByLabel("Child's full name").fill('Putri Ayu');
      await page.getByLabel('Sex').selectOption('female');
      await page.getByLabel('Place of birth (city or regency)').fill('Kota Contoh');
      await page.getByLabel('Birth order (1 for the first child)').fill('second');
      const born = page.getByRole('group', { name: 'Date of birth' });
      await born.getByLabel('Day').fill('1');
      await born.getByLabel('Month').fill('10');
      await page.getByLabel("Father's national identity number (NIK)").fill(FATHER_NIK);
      await page.getByLabel("Mother's national identity number (NIK)").fill('3372 0545');
      await page.getByLabel('Birth statement letter from the hospital, health centre or midwife').setInputFiles(FAKE_PDF);
      await v.follow(page.getByRole('button', { name: 'Submit application' }), { status: 422 });
      assert.equal(await v.path(), '/services/birth-certificate/apply');
      await assertErrorSummary(v, ['birth_date', 'birth_order', 'mother_nik', 'birth_statement', 'marriage_document', 'declaration']);
      const summary = page.locator('#error-summary');
      // Each message names its field, in words that fit the kind of answer (issue 13).
      const messages = await summary.getByRole('link').allInnerTexts();
      assert.deepEqual(messages, [
        "The child's date of birth must include a year",
        "The child's birth order must be a whole number, like 2",
        "The mother's NIK must be exactly 16 digits",
        'The birth statement must be a PDF, JPG or PNG file (judged by its content, not its name)',
        "Upload the parents' marriage certificate or SPTJM",
        'Tick the box to confirm the declaration',
      ]);
      assert.equal(new Set(messages).size, messages.length, 'no two messages alike');
      assert.equal(await born.getByLabel('Day').inputValue(), '1', 'the day typed is kept');
      assert.equal(await born.getByLabel('Month').inputValue(), '10', 'the month typed is kept');
      assert.equal(await page.locator('#child_name').inputValue(), 'Putri Ayu', 'name kept');
      assert.equal(await page.locator('#child_sex').inputValue(), 'female', 'choice kept');
      assert.equal(await page.locator('#birth_place').inputValue(), 'Kota Contoh', 'place kept');
      assert.equal(await page.locator('#birth_order').inputValue(), 'second', 'the wrong number is kept, to be corrected');
      assert.equal(await page.locator('#father_nik').inputValue(), FATHER_NIK, 'NIK kept');
      assert.equal(await page.locator('#mother_nik').inputValue(), '3372 0545', 'the wrong NIK is kept');
      assert.equal(await page.locator('#mother_nik').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#father_nik').getAttribute('aria-invalid'), null);

      // The fix. A browser cannot keep chosen files across a page load: attach again.
      await page.getByLabel("Child's full name").fill('Putri Ayu Lestari');
      await born.getByLabel('Year').fill('2025');
      await page.getByLabel('Birth order (1 for the first child)').fill('2');
      await page.getByLabel("Mother's national identity number (NIK)").fill(MOTHER_NIK);
      await page.getByLabel('Birth statement letter from the hospital, health centre or midwife')
        .setInputFiles(pdf('surat-keterangan-lahir.pdf', 'Surat keterangan kelahiran'));
      await page.getByLabel("Parents' marriage book or certificate, or SPTJM").setInputFiles(pdf('buku-nikah.pdf', 'Buku nikah'));
      await tick(page, 'I declare that the information given is true');
      await v.follow(page.getByRole('button', { name: 'Submit application' }));

      // The receipt: the case page with the reference.
      const notice = await page.getByRole('status').filter({ hasText: 'Application submitted' }).innerText();
      const reference = notice.match(REFERENCE)?.[0];
      assert.ok(reference, `a reference in the receipt: "${notice}"`);
      assert.equal(await v.path(), `/applications/${reference}`);
      assert.match(notice, /Application submitted\. Your reference is GRB-/);
      assert.equal(await v.h1(), 'Birth certificate');
      assert.equal(await page.locator('.gerbang-reference').innerText(), reference);
      assert.equal(await statusOf(v), 'Submitted');
      await page.getByText('Putri Ayu Lestari', { exact: true }).waitFor();
      const file = page.getByRole('link', { name: /^buku-nikah\.pdf \(1 KB\)$/ });
      const res = await page.request.get(v.url(await file.getAttribute('href')));
      assert.equal(res.status(), 200);
      assert.match(res.headers()['content-type'], /^application\/pdf/);
      assert.ok((await res.body()).subarray(0, 5).equals(Buffer.from('%PDF-')), 'the attachment comes back as sent');
      cases.set(v.mode.name, { citizen: me, reference });

      // "My applications" lists it.
      await v.follow((await nav(v)).getByRole('link', { name: 'My applications' }));
      await page.getByRole('row', { name: new RegExp(`${reference}.*Birth certificate.*Submitted`) }).waitFor();

      // A draft on another service, with a file: saved, listed under "My applications",
      // and found again pre-filled, the file kept (issue 13).
      await v.visit('/services/family-card-update');
      await v.follow(page.getByRole('main').getByRole('link', { name: 'Apply online' }));
      assert.equal(await v.h1(), 'Apply: Family card update');
      await page.getByLabel('National identity number (NIK) of the head of the family').fill(FATHER_NIK);
      await page.getByLabel('Kind of change').selectOption('change_details');
      await page.getByLabel('What should change').fill('Occupation from student to private employee.');
      await page.getByLabel('Document proving the change').setInputFiles(pdf('surat-kerja.pdf', 'Surat keterangan kerja'));
      await v.follow(page.getByRole('button', { name: 'Save as draft' }));
      assert.equal(await v.path(), '/services/family-card-update/apply');
      await page.getByText('Your draft has been saved. You can come back to it at any time.').waitFor();
      assert.equal(await page.locator('#head_of_family_nik').inputValue(), FATHER_NIK);
      await page.getByText('Already uploaded: surat-kerja.pdf (1 KB). Choose a file only if you want to replace it.').waitFor();

      await v.follow((await nav(v)).getByRole('link', { name: 'My applications' }));
      await page.getByRole('heading', { name: 'Drafts' }).waitFor();
      await v.follow(page.getByRole('link', { name: 'Continue your application for Family card update' }));
      assert.equal(await v.path(), '/services/family-card-update/apply');
      await page.getByText('We filled in the answers from your saved draft.').waitFor();
      assert.equal(
        await page.getByLabel('Document proving the change').getAttribute('aria-describedby'),
        'supporting_document-kept',
        'the kept file is read out with the file field',
      );
      assert.equal(await page.locator('#head_of_family_nik').inputValue(), FATHER_NIK, 'draft NIK');
      assert.equal(await page.locator('#change_type').inputValue(), 'change_details', 'draft choice');
      assert.equal(await page.locator('#change_details').inputValue(), 'Occupation from student to private employee.', 'draft text');
      assert.equal(await page.locator('#family_card_number').inputValue(), '', 'nothing invented');
      // A draft is not an application.
      await v.follow((await nav(v)).getByRole('link', { name: 'My applications' }));
      assert.equal(await page.getByRole('row').filter({ hasText: 'Family card update' }).count(), 0);
      await page.getByRole('heading', { name: 'Submitted applications' }).waitFor();
    },
  },

  {
    name: 'track the reference as an anonymous visitor',
    async run(v) {
      const { page } = v;
      const { reference } = caseOf(v);
      await v.visit('/');
      await v.follow((await nav(v)).getByRole('link', { name: 'Track an application' }));
      assert.equal(await v.path(), '/track');
      assert.equal(await v.h1(), 'Track an application');

      // The example the page gives is well formed: trying it says "not found".
      const example = (await page.locator('#ref-hint').innerText()).match(REFERENCE)?.[0];
      assert.ok(example, 'the tracking page shows an example reference');
      await page.getByLabel('Reference').fill(example);
      await v.follow(page.getByRole('button', { name: 'Check status' }), { status: 404 });
      await assertErrorSummary(v, ['ref']);
      await page.locator('#error-summary').getByRole('link', { name: 'There is no application with this reference' }).waitFor();

      // One symbol mistyped: the check character catches it.
      const wrong = mistype(reference);
      await page.getByLabel('Reference').fill(wrong);
      await v.follow(page.getByRole('button', { name: 'Check status' }), { status: 422 });
      await assertErrorSummary(v, ['ref']);
      await page.locator('#error-summary').getByRole('link', { name: /^This is not a valid reference/ }).waitFor();
      assert.equal(await page.getByLabel('Reference').inputValue(), wrong, 'the reference typed is kept');
      assert.equal(await page.getByLabel('Reference').getAttribute('aria-invalid'), 'true');

      await page.getByLabel('Reference').fill(reference);
      await v.follow(page.getByRole('button', { name: 'Check status' }));
      const result = page.getByRole('region', { name: reference });
      await result.waitFor();
      const text = await result.innerText();
      assert.match(text, /Birth certificate/);
      assert.match(text, /Status\s+Submitted/);
      // Bare status only: no personal data.
      assert.doesNotMatch(await page.locator('main').innerText(), /Putri|Ayu Lestari|3372/, 'no personal data on the public page');
    },
  },

  {
    name: 'officer accepts the case and asks for a correction',
    async run(v) {
      const { page } = v;
      const { reference, citizen } = caseOf(v);
      // The officer reads Indonesian: chosen on the sign-in page, kept by signing in.
      await v.visit('/lang/id?next=/login');
      await signIn(v, OFFICER, DEMO_PASSWORD);
      assert.equal(await v.lang(), 'id', 'the officer reads Indonesian');
      await openFromInbox(v, reference, 'submitted');
      assert.equal(await statusOf(v), 'Diajukan');
      await page.getByText(`${citizen.name} <${citizen.email}>`).waitFor();

      await v.follow(page.getByRole('button', { name: 'Tangani sendiri' }));
      await page.getByText('Berkas ini sekarang Anda tangani.').waitFor();
      await decide(v, 'Terima untuk diperiksa', 'Sedang diperiksa');

      // A correction needs a comment: refused without one.
      await v.follow(page.getByRole('button', { name: 'Minta perbaikan *' }), { status: 422 });
      await assertErrorSummary(v, ['comment']);
      assert.equal(await statusOf(v), 'Sedang diperiksa', 'nothing changed');
      assert.equal(await page.getByLabel('Komentar untuk pemohon').getAttribute('aria-invalid'), 'true');
      await page.getByLabel('Komentar untuk pemohon').fill("Tulis nama lengkap anak dengan nama keluarga (the child's full name, with the family name).");
      await decide(v, 'Minta perbaikan *', 'Perlu perbaikan');
      await page.getByRole('listitem').filter({ hasText: 'Minta perbaikan' }).filter({ hasText: 'nama keluarga' }).waitFor();
    },
  },

  {
    name: 'citizen reads the correction request, corrects and resubmits',
    async run(v) {
      const { page } = v;
      const { reference, citizen } = caseOf(v);
      // Straight to the case page: sign in first, then back to it.
      await v.visit(`/applications/${reference}`);
      assert.equal(await v.path(), '/login');
      await signIn(v, citizen.email, citizen.password);
      assert.equal(await v.path(), `/applications/${reference}`);
      assert.equal(await statusOf(v), 'Needs correction');
      const request = page.getByRole('region', { name: 'Correction requested' });
      await request.getByText("with the family name", { exact: false }).waitFor();
      // The form comes filled with the answers given.
      assert.equal(await request.getByLabel("Child's full name").inputValue(), 'Putri Ayu Lestari');
      assert.equal(await request.getByLabel('Birth order (1 for the first child)').inputValue(), '2');

      // A mistake in the correction is caught like on the first form.
      await request.getByLabel("Child's full name").fill('');
      await v.follow(page.getByRole('button', { name: 'Send corrected application' }), { status: 422 });
      await assertErrorSummary(v, ['child_name']);
      assert.equal(await page.locator('#birth_place').inputValue(), 'Kota Contoh', 'the other answers are kept');

      await page.getByLabel("Child's full name").fill('Putri Ayu Lestari Wulandari');
      // A new file replaces the old one; the one not chosen again is kept.
      await page.getByLabel('Birth statement letter from the hospital, health centre or midwife')
        .setInputFiles(pdf('surat-keterangan-lahir-2.pdf', 'Surat keterangan kelahiran, revisi'));
      await v.follow(page.getByRole('button', { name: 'Send corrected application' }));
      assert.equal(await v.path(), `/applications/${reference}`);
      await page.getByText('Your corrected application has been sent back to the agency.').waitFor();
      assert.equal(await statusOf(v), 'Submitted');
      await page.getByText('Putri Ayu Lestari Wulandari', { exact: true }).waitFor();
      await page.getByRole('link', { name: /^surat-keterangan-lahir-2\.pdf/ }).waitFor();
      await page.getByRole('link', { name: /^buku-nikah\.pdf/ }).waitFor();
      assert.equal(await page.getByRole('region', { name: 'Correction requested' }).count(), 0, 'no correction form any more');
      await page.getByRole('heading', { name: 'Corrected application sent' }).waitFor();
    },
  },

  {
    name: 'officer recommends, supervisor approves, citizen sees it in both languages',
    async run(v) {
      const { page } = v;
      const { reference, citizen } = caseOf(v);
      await v.visit('/lang/id?next=/login');
      await signIn(v, OFFICER, DEMO_PASSWORD);
      await openFromInbox(v, reference, 'submitted');
      await decide(v, 'Terima untuk diperiksa', 'Sedang diperiksa');
      await decide(v, 'Usulkan untuk disetujui', 'Menunggu tanda tangan');
      assert.equal(await page.getByRole('button', { name: 'Setujui' }).count(), 0, 'the officer cannot approve');
      await signOut(v);

      await v.follow((await nav(v)).getByRole('link', { name: /^(Sign in|Masuk)$/ }));
      await signIn(v, SUPERVISOR, DEMO_PASSWORD);
      await openFromInbox(v, reference, 'awaiting_approval');
      await decide(v, 'Setujui', 'Disetujui');
      await signOut(v);

      // The citizen reads English, sees it approved, then reads it in Indonesian.
      await v.visit('/lang/en?next=/login');
      await signIn(v, citizen.email, citizen.password);
      assert.equal(await v.lang(), 'en', 'the citizen reads English');
      await v.follow((await nav(v)).getByRole('link', { name: 'My applications' }));
      await v.follow(page.getByRole('link', { name: reference, exact: true }));
      assert.equal(await statusOf(v), 'Approved');
      await page.getByRole('heading', { name: 'Approve', exact: true }).waitFor();
      await v.follow(page.getByRole('link', { name: 'Bahasa Indonesia' }));
      assert.equal(await v.lang(), 'id');
      assert.equal(await v.path(), `/applications/${reference}`);
      assert.equal(await v.h1(), 'Akta Kelahiran');
      assert.equal(await statusOf(v), 'Disetujui');
      await page.getByRole('heading', { name: 'Riwayat' }).waitFor();

      // And on the public tracking page.
      await v.visit(`/track?ref=${reference}`);
      assert.match(await page.getByRole('region', { name: reference }).innerText(), /Status\s+Disetujui/);
    },
  },

  {
    name: 'the applicant answers the satisfaction survey once, and reads the published index',
    async run(v) {
      const { page } = v;
      const { reference, citizen } = caseOf(v);
      await v.visit('/lang/en?next=/login');
      await signIn(v, citizen.email, citizen.password);
      await v.visit(`/applications/${reference}`);
      await page.getByRole('heading', { name: 'How did we do?' }).waitFor();
      await v.follow(page.getByRole('link', { name: 'Answer the satisfaction survey' }));
      assert.equal(await v.h1(), 'Satisfaction survey');

      // Nothing chosen: each question is named, and its link leads to its first answer.
      await v.follow(page.getByRole('button', { name: 'Send my answers' }), { status: 422 });
      const summary = page.locator('#error-summary');
      await summary.getByRole('link', { name: 'Question 1: choose an answer from 1 to 4' }).waitFor();
      await summary.getByRole('link', { name: 'Question 9: choose an answer from 1 to 4' }).waitFor();
      assert.equal(await summary.getByRole('link', { name: 'Question 1: choose an answer from 1 to 4' }).getAttribute('href'), '#u1');

      for (const q of ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8']) {
        await page.locator(`label[for="${q}-4"]`).click();
      }
      await page.locator('label[for="u9-3"]').click();
      assert.ok(await page.locator('#u9-3').isChecked(), 'the answer is chosen');
      await page.getByLabel('Anything else you want to tell the agency (optional)').fill('Clear and quick.');
      await v.follow(page.getByRole('button', { name: 'Send my answers' }));
      await page.getByRole('heading', { name: 'Thank you' }).waitFor();

      // The invitation is gone from the case; the index is published (the demo's six
      // answers on the moving certificate), in both languages.
      await v.visit(`/applications/${reference}`);
      assert.equal(await page.getByRole('heading', { name: 'How did we do?' }).count(), 0);
      await v.visit('/satisfaction?service=moving-certificate');
      assert.equal(await v.h1(), 'Satisfaction index (IKM)');
      await page.getByText('Lowest scoring element:').waitFor();
      await page.getByRole('table', { name: 'Score of each element (1 to 4)' }).waitFor();
      await v.follow(page.getByRole('link', { name: 'Bahasa Indonesia' }));
      await page.getByText('Unsur dengan nilai terendah:').waitFor();
      await v.follow(page.getByRole('link', { name: 'English' }));
    },
  },

  {
    name: 'create an API token and see it once',
    async run(v) {
      const { page } = v;
      await register(v);
      await v.follow(page.getByRole('link', { name: 'API tokens for programs that work on your behalf' }));
      assert.equal(await v.path(), '/account/tokens');
      assert.equal(await v.h1(), 'API tokens');
      await page.getByText('You have no API tokens.').waitFor();

      await v.follow(page.getByRole('button', { name: 'Create token' }), { status: 422 });
      await assertErrorSummary(v, ['name']);

      await page.getByLabel('Token name').fill('Tax software');
      await v.follow(page.getByRole('button', { name: 'Create token' }));
      await page.getByText('Your new token has been created. Copy it now: it will not be shown again.').waitFor();
      const token = await page.getByLabel('Your new token').inputValue();
      assert.match(token, /^gbg_\S{20,}$/);
      assert.equal(await page.getByLabel('Your new token').getAttribute('readonly'), '');
      await page.getByRole('row', { name: /Tax software/ }).waitFor();

      // It opens the API...
      const api = await page.request.get(v.url('/api/v1/applications'), { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(api.status(), 200, 'the new token works');

      // ...and is never shown again.
      await v.visit('/account/tokens');
      assert.equal(await page.getByLabel('Your new token').count(), 0, 'the token is shown once only');
      assert.equal((await page.content()).includes(token), false, 'the token is nowhere in the page');
      await page.getByRole('row', { name: /Tax software/ }).waitFor();

      await v.follow(page.getByRole('button', { name: 'Revoke the token Tax software' }));
      await page.getByText('The token has been revoked.', { exact: false }).waitFor();
      await page.getByText('You have no API tokens.').waitFor();
      const after = await page.request.get(v.url('/api/v1/applications'), { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(after.status(), 401, 'a revoked token no longer works');
    },
  },
  {
    name: 'keyboard only, apply online with mistakes, attachments, receipt and a draft',
    modes: ['keyboard'],
    async run(v) {
      const { page } = v;
      const kb = page.keyboard;
      await registerByKeyboard(v);

      await v.tabTo(link('Services'), { what: 'the "Services" nav link' });
      await v.press('Enter');
      await v.tabTo(link('Birth certificate'), { max: 60, what: 'the "Birth certificate" link' });
      await v.press('Enter');
      await v.tabTo(link('Apply online'), { max: 60, what: 'the "Apply online" link' });
      await v.press('Enter');
      assert.equal(await v.path(), '/services/birth-certificate/apply');

      // First try, with the mistakes of the mouse journey.
      await v.tabTo(is('child_name'), { max: 60 });
      await kb.type('Putri Ayu');
      await v.tabTo(is('child_sex'));
      await arrowTo(v, 'child_sex', 'female');
      await v.tabTo(is('birth_place'), { max: 6 }); // through the (empty) date's fields
      await kb.type('Kota Contoh');
      await v.tabTo(is('birth_order'));
      await kb.type('second');
      await v.tabTo(is('father_nik'));
      await kb.type(FATHER_NIK);
      await v.tabTo(is('mother_nik'));
      await kb.type('3372 0545');
      await chooseFile(v, 'birth_statement', FAKE_PDF);
      await v.tabTo(button('Submit application'), { max: 6 });
      await v.press('Enter', { status: 422 });

      await assertErrorSummary(v, ['birth_date', 'birth_order', 'mother_nik', 'birth_statement', 'marriage_document', 'declaration']);
      const f = await v.focused();
      assert.ok(f.visible, `the focused error summary shows a focus indicator (${f.styles.join(' | ')})`);
      assert.equal(await page.locator('#child_name').inputValue(), 'Putri Ayu', 'name kept');
      assert.equal(await page.locator('#child_sex').inputValue(), 'female', 'choice kept');

      // The first link of the summary leads to the date of birth.
      await v.tabTo((x) => x.tag === 'a' && x.href === '#birth_date', { max: 1, what: 'the first error link' });
      await kb.press('Enter');
      const atField = await v.focused();
      assert.equal(atField.id, 'birth_date', `after following the error link, focus is on ${v.describeFocus(atField)}`);
      assert.ok(atField.visible, 'focus on the date field is visible');
      // Day, month and year boxes: the link lands on the day.
      await kb.type('1');
      await v.tabTo(is('birth_date-month'), { max: 1 });
      await kb.type('10');
      await v.tabTo(is('birth_date-year'), { max: 1 });
      await kb.type('2025');
      assert.equal(await page.locator('#birth_date').inputValue(), '1');
      await v.tabTo(is('birth_order'), { max: 6 });
      await kb.press('ControlOrMeta+A');
      await kb.type('2');
      await v.tabTo(is('mother_nik'), { max: 3 });
      await kb.press('ControlOrMeta+A');
      await kb.type(MOTHER_NIK);
      await chooseFile(v, 'birth_statement', pdf('surat-keterangan-lahir.pdf', 'Surat keterangan kelahiran'));
      await chooseFile(v, 'marriage_document', pdf('buku-nikah.pdf', 'Buku nikah'));
      await v.tabTo(is('declaration'));
      await kb.press('Space');
      assert.ok(await page.locator('#declaration').isChecked(), 'Space ticked the declaration');
      await v.tabTo(button('Submit application'));
      await v.press('Enter');

      const notice = await page.getByRole('status').filter({ hasText: 'Application submitted' }).innerText();
      const reference = notice.match(REFERENCE)?.[0];
      assert.ok(reference, `a reference in the receipt: "${notice}"`);
      assert.equal(await v.path(), `/applications/${reference}`);
      assert.equal(await statusOf(v), 'Submitted');

      // A draft on another service, saved and found again, by keyboard.
      await v.tabTo(link('Services'), { what: 'the "Services" nav link' });
      await v.press('Enter');
      await v.tabTo(link('Family card update'), { max: 60, what: 'the "Family card update" link' });
      await v.press('Enter');
      await v.tabTo(link('Apply online'), { max: 60, what: 'the "Apply online" link' });
      await v.press('Enter');
      await v.tabTo(is('head_of_family_nik'), { max: 60 });
      await kb.type(FATHER_NIK);
      await v.tabTo(is('change_type'));
      await arrowTo(v, 'change_type', 'change_details');
      await v.tabTo(is('change_details'));
      await kb.type('Occupation from student to private employee.');
      await v.tabTo(button('Save as draft'));
      await v.press('Enter');
      await page.getByText('Your draft has been saved. You can come back to it at any time.').waitFor();

      // Back to the service page through the breadcrumb (Shift+Tab), and in again.
      await v.tabTo(link('Family card update'), { backwards: true, max: 60, what: 'the breadcrumb link' });
      await v.press('Enter');
      assert.equal(await v.path(), '/services/family-card-update');
      await v.tabTo(link('Apply online'), { max: 60, what: 'the "Apply online" link' });
      await v.press('Enter');
      await page.getByText('We filled in the answers from your saved draft.').waitFor();
      assert.equal(await page.locator('#head_of_family_nik').inputValue(), FATHER_NIK, 'draft NIK');
      assert.equal(await page.locator('#change_type').inputValue(), 'change_details', 'draft choice');
      assert.equal(await page.locator('#change_details').inputValue(), 'Occupation from student to private employee.', 'draft text');
    },
  },
];
