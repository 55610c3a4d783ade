import { stealThroughAlias, stealWithFetch } from 'exfil';
import { attack, done } from './harness/attack.js';

const realFetch = window.fetch;
attack('fetch', () => stealWithFetch(), (value) => value === realFetch);
attack('fetch-alias', () => stealThroughAlias(), (value) => value === realFetch);
done();
