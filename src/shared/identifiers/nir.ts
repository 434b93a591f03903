import type { Validated } from './validation-result.ts';

// Cnam's pattern (assurance-maladie-digital/nir-validation) with the 2-digit key made mandatory.
const NIR_PATTERN = /^[12]\d{2}(0[1-9]|1[0-2]|[2-9]\d)(\d{2}|2A|2B)\d{3}\d{3}(9[0-7]|[0-8]\d)$/;

const NIR_LENGTH = 15;

export function validateNir(raw: string): Validated {
  const value = raw.replace(/\s/g, '').toUpperCase();
  if (value === '') {
    return { ok: false, message: 'Saisissez le numéro de sécurité sociale : il figure sur la carte Vitale.' };
  }
  if (value.length !== NIR_LENGTH) {
    return {
      ok: false,
      message:
        'Le numéro de sécurité sociale comporte 15 caractères (13 chiffres et une clé de 2 chiffres), ' +
        `celui saisi en compte ${value.length} : recopiez le numéro complet inscrit sur la carte Vitale.`,
    };
  }
  if (!NIR_PATTERN.test(value)) {
    return {
      ok: false,
      message:
        "Le numéro de sécurité sociale n'a pas la forme attendue : il commence par 1 ou 2 et ne contient " +
        'que des chiffres, sauf 2A ou 2B pour une naissance en Corse. Recopiez-le depuis la carte Vitale.',
    };
  }
  if (nirKey(value.slice(0, 13)) !== value.slice(13)) {
    return {
      ok: false,
      message:
        'La clé (les 2 derniers chiffres) ne correspond pas au reste du numéro de sécurité sociale : ' +
        "un chiffre a sans doute été mal recopié, vérifiez le numéro sur votre carte Vitale.",
    };
  }
  return { ok: true, value };
}

export function formatNir(value: string): string {
  return [
    value.slice(0, 1),
    value.slice(1, 3),
    value.slice(3, 5),
    value.slice(5, 7),
    value.slice(7, 10),
    value.slice(10, 13),
    value.slice(13, 15),
  ].join(' ');
}

// '99' means born abroad; for the outre-mer (97, 98) the département's third digit is the
// first digit of the commune part.
export function nirBirthDepartement(value: string): string {
  const departement = value.slice(5, 7);
  return departement === '97' || departement === '98' ? value.slice(5, 8) : departement;
}

/** The 2-digit key of a NIR's first 13 characters (2A and 2B counted as 19 and 18). */
export function nirKey(body: string): string {
  const numericBody = body.replace('2A', '19').replace('2B', '18');
  const key = 97n - (BigInt(numericBody) % 97n);
  return key.toString().padStart(2, '0');
}
