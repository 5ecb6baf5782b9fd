import bcrypt from "bcryptjs";

/** bcrypt with cost 11: about 0.1 s per check on this machine, slow enough against guessing. */
const COST = 11;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
