// The emails the demo server printed to its log (the demo prints every email in full
// instead of sending it): for journeys that follow a link from an email.
import fs from 'node:fs';

const LOG = process.env.GERBANG_SERVER_LOG;

/**
 * The first URL matching `pattern` in the newest email to `to`, waiting up to 15 s for
 * the outbox to deliver it.
 */
export async function linkInMail(to, pattern) {
  if (!LOG) throw new Error('GERBANG_SERVER_LOG is not set: run the suite through tests/browser/run');
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const text = fs.readFileSync(LOG, 'utf8');
    const mails = text.split(/^-{72}$/m).filter((m) => m.includes(`To:      ${to}`));
    for (const mail of mails.reverse()) {
      const m = mail.match(pattern);
      if (m) return m[0];
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no email to ${to} with ${pattern} within 15 s`);
}
