// What a person types: no control character but the tab and line breaks, no half of a UTF-16
// pair. A NUL byte makes PostgreSQL refuse the row and a lone surrogate (only a crafted JSON body
// carries one) makes it refuse a jsonb value: such a text is refused with a message, not a 500.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

export function isTypedText(text: string): boolean {
  return text.isWellFormed() && !CONTROL_CHARACTERS.test(text)
}

export const UNTYPED_TEXT_MESSAGE = "Ce texte contient un caractère invisible ou invalide, souvent venu d'un copier-coller : retapez-le."
