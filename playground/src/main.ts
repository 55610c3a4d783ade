import './style.css';
import { runPackages } from './packages';
import { runAttacks } from './attacks';
import { describeError } from './report';
import { runDomAttacks, runDrawings } from './dom';

// Secrets the hostile packages will try to steal. The app (the root) holds every power.
document.cookie = 'session=s3cret; path=/; SameSite=Strict';
localStorage.setItem('token', 'tok-s3cret');

const summary = document.getElementById('summary')!;

async function main(): Promise<void> {
  const packages = await runPackages();
  const attacks = await runAttacks();
  const drawn = await runDrawings();
  const dom = await runDomAttacks();
  const frozen = Object.isFrozen(Array.prototype);
  document.body.dataset.lockdown = String(frozen);
  summary.textContent =
    `${packages.ok} of ${packages.total} packages ok · ` +
    `${attacks.succeeded} of ${attacks.total} attacks succeeded, ${attacks.blocked} blocked · ` +
    `typeof fetch in a hostile package: ${attacks.typeofFetch} · ` +
    `${drawn} of 3 drawing packages ok · ${dom.succeeded} DOM attacks succeeded, ${dom.blocked} blocked · ` +
    `intrinsics frozen: ${frozen ? 'yes' : 'no'}`;
}

main()
  .catch((error: unknown) => {
    const { name, message } = describeError(error);
    summary.textContent = `The playground itself failed: ${name}: ${message}`;
    summary.dataset.error = name;
    console.error('[playground]', error);
  })
  .finally(() => {
    document.body.dataset.readyAt = String(performance.now());
    document.body.dataset.ready = 'true';
  });
