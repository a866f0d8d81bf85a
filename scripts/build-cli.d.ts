/** Types of scripts/build-cli.js (plain JavaScript: client/bin/yz.js runs it without tsx). */
export declare const ROOT: string;
export declare const OUT: string;
/** The built entry when it exists and no source it was built from has changed since; else null. */
export declare function currentBuild(): string | null;
/** Builds dist/cli/ and returns the entry's path. */
export declare function buildCli(): Promise<string>;
