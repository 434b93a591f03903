import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isTypedText } from './text.ts'

describe('isTypedText', () => {
  it('takes what a person types: accents, emoji, tabs and line breaks', () => {
    for (const text of ['Boulangerie du Canal', "L'Oréal – Saint-Denis", 'ligne 1\r\nligne 2\tfin', '🙂 ça va']) assert.ok(isTypedText(text), text)
  })

  it('refuses a NUL byte, other control characters and half of a UTF-16 pair', () => {
    for (const text of ['a\u0000b', '\u0007', '\u001b[2J', 'x\u007f', '\ud800', 'fin\udc00']) assert.equal(isTypedText(text), false, JSON.stringify(text))
  })
})
