// A package with no grants that hides its code where a transform deciding by extension, parse goal or position would
// skip it: the bundler ships it as JavaScript all the same (THREATS.md rows 55 and 57).
import { grab } from './payload.data';
import { take } from './take.bin';
import { steal } from './payload';
import legacy from './legacy.cjs';
import { cli } from './cli.js';

export const viaData = () => grab();
export const viaBin = () => take();
export const viaNoExtension = () => steal();
export const viaCommonJs = () => legacy();
export const viaHashbang = () => cli();
