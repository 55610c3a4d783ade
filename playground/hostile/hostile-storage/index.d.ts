export declare function readCookie(): string;
export declare function readLocalStorage(): string;
export declare const cookieAtImport: string | Error;
