export declare function hijackArrayIncludes(): { seen: string[]; restore(): void };
export declare function polluteObjectPrototype(): { restore(): void };
