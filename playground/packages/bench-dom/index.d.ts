export declare function domWork(container: HTMLElement, n: number): number;
