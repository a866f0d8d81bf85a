/** Types of scripts/build-console.js (plain JavaScript, run by ensure-deps.sh without tsx). */
export declare const ROOT: string;
export declare const SOURCE: string;
export declare const OUT: string;
/** True when dist/console/ exists and nothing it was built from is newer. */
export declare function consoleIsCurrent(): boolean;
/** Builds dist/console/ and returns its path. */
export declare function buildConsole(): Promise<string>;
