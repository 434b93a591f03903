import type { Validated } from './validation-result.ts';

// 10 digits as SPEC decides: one source says 9 or 10, another 10, and no check digit is known.
const AGDREF_PATTERN = /^\d{10}$/;

const WHERE_TO_FIND =
  'Il figure sur votre titre de séjour et sur vos récépissés, parfois sous le nom « numéro étranger ».';

export function validateAgdref(raw: string): Validated {
  const value = raw.replace(/\s/g, '');
  if (value === '') {
    return { ok: false, message: `Saisissez le numéro AGDREF de votre titre de séjour. ${WHERE_TO_FIND}` };
  }
  if (!/^\d+$/.test(value)) {
    return {
      ok: false,
      message: `Le numéro AGDREF ne contient que des chiffres : retirez les lettres et la ponctuation. ${WHERE_TO_FIND}`,
    };
  }
  if (!AGDREF_PATTERN.test(value)) {
    return {
      ok: false,
      message: `Le numéro AGDREF comporte 10 chiffres, celui saisi en compte ${value.length}. ${WHERE_TO_FIND}`,
    };
  }
  return { ok: true, value };
}
