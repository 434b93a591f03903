/**
 * Generated accounts for the load bench (`npm run bench`), offered by the demo provider only when
 * asked (DEMO_IDP_BENCH_ACCOUNTS=on): `bench-000001`, `bench-000002`… each a different fictional
 * assuré, with a valid NIR unique to its number, spread over every caisse (so over the organismes
 * instructeurs), and the demo password.
 */
import { allCaisses, type Caisse } from '../../shared/caisses.ts';
import { nirKey } from '../../shared/identifiers/nir.ts';
import { DEMO_PASSWORD, type DemoAssure } from './accounts.ts';

export const BENCH_LOGIN_PREFIX = 'bench-';
const BENCH_LOGIN = /^bench-(\d{6,10})$/;

const GIVEN_NAMES = ['Camille', 'Dominique', 'Claude', 'Sacha', 'Alix', 'Maxime', 'Morgane', 'Yannick'];
const FAMILY_NAMES = ['Martin', 'Bernard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Michel', 'Garcia'];

export function benchLogin(number: number): string {
  return `${BENCH_LOGIN_PREFIX}${String(number).padStart(6, '0')}`;
}

/** The bench account of this login (also its `sub`), or undefined for any other login. */
export function findBenchAccount(loginOrSub: string): DemoAssure | undefined {
  const digits = BENCH_LOGIN.exec(loginOrSub.trim().toLowerCase())?.[1];
  return digits === undefined ? undefined : benchAccount(Number(digits));
}

/**
 * The number is read in a mixed radix (caisse, order, commune, month, year, sex): two numbers
 * below 8 × 10⁹ never share a NIR.
 */
export function benchAccount(number: number): DemoAssure {
  const login = benchLogin(number);
  let rest = number;
  const digit = (base: number) => {
    const value = rest % base;
    rest = Math.floor(rest / base);
    return value;
  };
  const caisse = allCaisses[digit(allCaisses.length)]!;
  const order = String(digit(999) + 1).padStart(3, '0');
  const commune = String(digit(99) + 1).padStart(2, '0');
  const month = String(digit(12) + 1).padStart(2, '0');
  const year = String(60 + digit(35));
  const sex = digit(2) + 1;
  const [birthDepartement, communePrefix] = caisse.departement.length === 3 ? [caisse.departement.slice(0, 2), caisse.departement[2]!] : [caisse.departement, '0'];
  const body = `${sex}${year}${month}${birthDepartement}${communePrefix}${commune}${order}`;
  const suffix = String(number % 10000).padStart(4, '0');
  return {
    sub: login,
    login,
    password: DEMO_PASSWORD,
    kind: 'assure',
    persona: 'Compte généré pour le banc d’essai',
    claims: {
      given_name: GIVEN_NAMES[number % GIVEN_NAMES.length]!,
      family_name: FAMILY_NAMES[Math.floor(number / GIVEN_NAMES.length) % FAMILY_NAMES.length]!,
      birthdate: `19${year}-${month}-15`,
      nir: `${body}${nirKey(body)}`,
      email: `${login}@example.fr`,
      phone_number: `06 39 98 ${suffix.slice(0, 2)} ${suffix.slice(2)}`,
      address: { street_address: `${(number % 90) + 1} rue de la République`, postal_code: postalCodeOf(caisse), locality: `Commune ${commune}`, country: 'France' },
      caisse: caisse.code,
    },
  };
}

function postalCodeOf(caisse: Caisse): string {
  if (caisse.departement === '2A') return '20000';
  if (caisse.departement === '2B') return '20200';
  return caisse.departement.padEnd(5, '0');
}
