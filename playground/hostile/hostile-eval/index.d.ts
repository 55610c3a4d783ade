export declare function functionCtor(): Promise<string>;
export declare function constructorConstructor(): Promise<string>;
export declare function indirectEval(): Promise<string>;
export declare function stackTrace(): string;
