// A person who uses the keyboard alone. Tab and Shift+Tab move from one control to the next, Space
// and Enter act, typing fills the field that has the focus; inside a group of radio buttons the
// arrows move to the option wanted, as browsers make a radio group one stop of the Tab order.
// Nothing is clicked: the locators only say where the person wants to go. Each stop the focus
// makes on the way is checked to be visible.
import assert from 'node:assert/strict'
import type { Locator, Page } from 'playwright-core'
import { optionOf } from './journey.ts'

const MOST_TABS = 120

/** Tab (or Shift+Tab) until `target` has the focus. */
export async function tabTo(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  await tabUntil(page, () => hasFocus(page, target), String(target), key)
}

/** Tab to a button or a link, then Enter. */
export async function pressWithEnter(page: Page, target: Locator): Promise<void> {
  await tabTo(page, target)
  await page.keyboard.press('Enter')
}

/** Tab to a text field, then type. */
export async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field)
  await page.keyboard.type(text)
}

export async function typeDate(page: Page, legend: string, day: string, month: string, year: string): Promise<void> {
  const group = page.getByRole('group', { name: legend })
  await typeInto(page, group.getByLabel('Jour'), day)
  await typeInto(page, group.getByLabel('Mois'), month)
  await typeInto(page, group.getByLabel('Année'), year)
}

/** Tab into the question's radio group, the arrows down to the option, Space if it is not chosen yet. */
export async function chooseWithKeyboard(page: Page, question: RegExp | string, option: string): Promise<void> {
  const target = await optionOf(page, question, option)
  const group = page.locator(`input[type="radio"][name="${await target.getAttribute('name')}"]`)
  await tabUntil(page, () => hasFocus(page, group), `le groupe « ${String(question)} »`, 'Tab')
  for (let moves = 0; !(await hasFocus(page, target)); moves++) {
    assert.ok(moves < 10, `« ${option} » introuvable avec les flèches dans « ${String(question)} »`)
    await page.keyboard.press('ArrowDown')
    await assertFocusVisible(page)
  }
  if (!(await target.isChecked())) await page.keyboard.press('Space')
  assert.ok(await target.isChecked(), `« ${option} » est choisi`)
}

/** Tab to a checkbox and tick it with Space. */
export async function tickWithSpace(page: Page, checkbox: Locator): Promise<void> {
  await tabTo(page, checkbox)
  await page.keyboard.press('Space')
  assert.ok(await checkbox.isChecked(), `${String(checkbox)} est coché`)
}

/**
 * The page came back with errors: the focus is on the summary at its top (GOV.UK's script puts it
 * there), visibly; Tab reaches the error's link, and Enter on it takes the focus to the field.
 */
export async function followErrorFromSummary(page: Page, message: string | RegExp): Promise<void> {
  const summary = page.locator('.govuk-error-summary')
  await summary.and(page.locator(':focus')).waitFor()
  await assertFocusVisible(page)
  const link = summary.getByRole('link', { name: message })
  await pressWithEnter(page, link)
  const field = page.locator(`[id="${(await link.getAttribute('href'))!.slice(1)}"]`)
  await field.and(page.locator(':focus')).waitFor().catch((error: Error) => {
    throw new Error(`le lien « ${String(message)} » ne met pas le focus dans son champ`, { cause: error })
  })
  await assertFocusVisible(page)
}

/** The focused control shows it: an outline of a colour, or a shadow (GOV.UK's yellow and black). */
export async function assertFocusVisible(page: Page): Promise<void> {
  const focus = await page.locator(':focus').evaluate((element) => {
    const view = element.ownerDocument.defaultView
    // A GOV.UK radio button or checkbox is drawn by its label, the input itself being transparent.
    const drawn = element.type === 'radio' || element.type === 'checkbox' ? view.getComputedStyle(element.labels[0], '::before') : view.getComputedStyle(element)
    const name = element.labels?.[0]?.textContent ?? element.getAttribute('aria-label') ?? element.textContent ?? ''
    return {
      what: `${element.tagName.toLowerCase()}${element.type ? ` ${element.type}` : ''} « ${name.replace(/\s+/g, ' ').trim().slice(0, 60)} »`,
      outline: drawn.outlineStyle !== 'none' && parseFloat(drawn.outlineWidth) > 0 && !/rgba\(.*, 0\)|transparent/.test(drawn.outlineColor),
      shadow: drawn.boxShadow !== 'none',
    } as { what: string; outline: boolean; shadow: boolean }
  })
  assert.ok(focus.outline || focus.shadow, `le focus se voit sur ${focus.what}`)
}

async function tabUntil(page: Page, arrived: () => Promise<boolean>, where: string, key: 'Tab' | 'Shift+Tab'): Promise<void> {
  for (let presses = 0; !(await arrived()); presses++) {
    assert.ok(presses < MOST_TABS, `${where} : pas atteint en ${MOST_TABS} appuis sur ${key}`)
    await page.keyboard.press(key)
    if (await page.locator(':focus').count()) await assertFocusVisible(page)
  }
}

async function hasFocus(page: Page, target: Locator): Promise<boolean> {
  return (await target.and(page.locator(':focus')).count()) > 0
}
