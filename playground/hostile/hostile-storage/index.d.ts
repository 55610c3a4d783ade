export declare function readCookie(): string;
export declare function readLocalStorage(): string;
