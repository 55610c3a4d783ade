export declare function globalThisAlias(): Promise<string>;
export declare function windowAlias(): string;
export declare function selfComputed(): Promise<string>;
export declare function reflectGet(): string;
export declare function typeofProbe(): string;
export declare function topAlias(): string;
