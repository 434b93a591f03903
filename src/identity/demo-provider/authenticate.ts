import { createHash, timingSafeEqual } from 'node:crypto';
import { demoAccounts, type DemoAccount } from './accounts.ts';
import { findBenchAccount } from './bench-accounts.ts';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** benchAccounts: the generated accounts of the load bench (bench-accounts.ts) exist too. */
export type AccountOptions = { benchAccounts?: boolean };

/**
 * Finds the demo account for a login and password. The password is compared in constant time,
 * also for an unknown login, so that timing tells nothing about which logins exist.
 */
export function authenticate(login: string, password: string, options: AccountOptions = {}): DemoAccount | undefined {
  const wanted = login.trim().toLowerCase();
  const account = demoAccounts.find((candidate) => candidate.login === wanted) ?? (options.benchAccounts ? findBenchAccount(wanted) : undefined);
  const expected = digest(account?.password ?? '\u0000 no such account');
  const matches = timingSafeEqual(digest(password), expected);
  return account && matches ? account : undefined;
}

export function findDemoAccount(sub: string, options: AccountOptions = {}): DemoAccount | undefined {
  return demoAccounts.find((account) => account.sub === sub) ?? (options.benchAccounts ? findBenchAccount(sub) : undefined);
}
