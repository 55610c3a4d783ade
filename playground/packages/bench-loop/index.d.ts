export declare function direct(n: number): number;
export declare function viaGlobalThis(n: number): number;
