import { createHash, timingSafeEqual } from 'node:crypto';
import { demoAccounts, type DemoAccount } from './accounts.ts';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Finds the demo account for a login and password. The password is compared in constant time,
 * also for an unknown login, so that timing tells nothing about which logins exist.
 */
export function authenticate(login: string, password: string): DemoAccount | undefined {
  const wanted = login.trim().toLowerCase();
  const account = demoAccounts.find((candidate) => candidate.login === wanted);
  const expected = digest(account?.password ?? '\u0000 no such account');
  const matches = timingSafeEqual(digest(password), expected);
  return account && matches ? account : undefined;
}

export function findDemoAccount(sub: string): DemoAccount | undefined {
  return demoAccounts.find((account) => account.sub === sub);
}
