// Runs every check of checks.js and records each outcome in the DOM contract the e2e test reads:
// li[data-pkg][data-status="ok"|"fail"] with the result as text, and body[data-ready="true"] when all are done.
import { checks as core } from './checks.js';
import { checks as ui } from './checks-ui.js';
import { checks as more } from './checks-more.js';

const checks = [...core, ...ui, ...more];

const list = document.getElementById('results');

async function runCheck([name, run, expected]) {
  const li = document.createElement('li');
  li.dataset.pkg = name;
  let got;
  try {
    got = await run();
  } catch (error) {
    got = `threw ${error && error.name}: ${error && error.message}`;
  }
  const ok = expected instanceof RegExp ? expected.test(String(got)) : got === expected;
  li.dataset.status = ok ? 'ok' : 'fail';
  li.textContent = `${name}: ${got}${ok ? '' : ` (expected ${expected})`}`;
  list.append(li);
  return ok;
}

async function main() {
  const results = [];
  for (const check of checks) results.push(await runCheck(check));
  const failed = results.filter((ok) => !ok).length;
  const violations = globalThis.__portcullis__ ? globalThis.__portcullis__.violations().length : 'no runtime';
  document.getElementById('summary').textContent = `${results.length - failed}/${results.length} packages did their job; violations: ${violations}`;
}

main().finally(() => {
  document.body.dataset.ready = 'true';
});
