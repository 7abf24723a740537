export declare function findTemporalCli(env?: Record<string, string | undefined>): string | null;
