import type { Validated } from './validation-result.ts';

const WHERE_TO_FIND = 'sur un bulletin de salaire ou sur annuaire-entreprises.data.gouv.fr';

// La Poste's establishments share one SIREN and their SIRET do not pass Luhn: their digit sum is a
// multiple of 5 instead (python-stdnum stdnum/fr/siret.py; pass-culture utils/siren.py).
const LA_POSTE_SIREN = '356000000';
const LA_POSTE_HEAD_OFFICE = '35600000000048';

export function validateSiren(raw: string): Validated {
  const value = raw.replace(/\s/g, '');
  const problem = shapeProblem(value, 'SIREN', 9);
  if (problem) return { ok: false, message: problem };
  if (!passesLuhn(value)) return { ok: false, message: doesNotExist('SIREN') };
  return { ok: true, value };
}

export function validateSiret(raw: string): Validated {
  const value = raw.replace(/\s/g, '');
  const problem = shapeProblem(value, 'SIRET', 14);
  if (problem) return { ok: false, message: problem };
  if (!hasValidSiretKey(value)) return { ok: false, message: doesNotExist('SIRET') };
  return { ok: true, value };
}

function hasValidSiretKey(siret: string): boolean {
  if (siret.startsWith(LA_POSTE_SIREN) && siret !== LA_POSTE_HEAD_OFFICE) {
    return passesLuhn(siret.slice(0, 9)) && digitSum(siret) % 5 === 0;
  }
  return passesLuhn(siret);
}

function shapeProblem(value: string, name: 'SIREN' | 'SIRET', length: number): string | null {
  if (value === '') return `Saisissez le numéro ${name} : il figure ${WHERE_TO_FIND}.`;
  if (!/^\d+$/.test(value)) {
    return `Le numéro ${name} ne contient que des chiffres (${length}) : retirez les lettres et la ponctuation.`;
  }
  if (value.length !== length) {
    const parts = name === 'SIRET' ? ' (les 9 du SIREN puis les 5 du NIC)' : '';
    return (
      `Le numéro ${name} comporte ${length} chiffres${parts}, celui saisi en compte ${value.length} : ` +
      `recopiez-le ${WHERE_TO_FIND}.`
    );
  }
  return null;
}

function doesNotExist(name: 'SIREN' | 'SIRET'): string {
  return `Ce numéro ${name} n'existe pas : un chiffre a sans doute été mal recopié. Vérifiez-le ${WHERE_TO_FIND}.`;
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[digits.length - 1 - i]);
    const weighted = i % 2 === 1 ? digit * 2 : digit;
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return sum % 10 === 0;
}

function digitSum(digits: string): number {
  return [...digits].reduce((sum, digit) => sum + Number(digit), 0);
}
