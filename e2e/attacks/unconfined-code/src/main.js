import { viaData, viaBin } from 'smuggler';
import { attack, done } from './harness/attack.js';

const realFetch = window.fetch;
const realDocument = document;
attack('data-extension', () => viaData(), (value) => value === realFetch);
attack('bin-extension', () => viaBin(), (value) => value === realDocument);
done();
