export const e2eDataDir: string;
export function e2eServerEnv(): NodeJS.ProcessEnv;
