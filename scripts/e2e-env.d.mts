export const e2eDataDir: string;
export const e2eServerLog: string;
export function e2eServerEnv(): NodeJS.ProcessEnv;
