export declare function exfilFetch(): Promise<string>;
export declare function exfilXhr(): Promise<string>;
export declare function exfilBeacon(): string;
