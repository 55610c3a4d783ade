import { viaData, viaBin, viaNoExtension, viaCommonJs, viaHashbang } from 'smuggler';
import { attack, done } from './harness/attack.js';

const realFetch = window.fetch;
const realDocument = document;
attack('data-extension', () => viaData(), (value) => value === realFetch);
attack('bin-extension', () => viaBin(), (value) => value === realDocument);
attack('no-extension', () => viaNoExtension(), (value) => value === realFetch);
attack('cjs-goal', () => viaCommonJs(), (value) => value === realDocument);
attack('hashbang', () => viaHashbang(), (value) => value === realFetch);
done();
