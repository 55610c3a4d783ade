// A package with no grants that hides its code in files a transform deciding by extension would skip: the bundler
// ships them as JavaScript all the same (THREATS.md row 57).
import { grab } from './payload.data';
import { take } from './take.bin';

export const viaData = () => grab();
export const viaBin = () => take();
