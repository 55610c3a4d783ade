export declare function importDataUrl(): Promise<string>;
export declare function importBlobUrl(): Promise<string>;
