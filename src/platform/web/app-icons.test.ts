import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BRAND_BLUE, iconPixels, iconSvg } from './app-icons.ts'

const blue = [1, 3, 5].map((at) => parseInt(BRAND_BLUE.slice(at, at + 2), 16))
const pixelAt = (pixels: Uint8Array, size: number, x: number, y: number) => [...pixels.subarray((y * size + x) * 3, (y * size + x) * 3 + 3)]

test('the icon is a white page on the blue, edges to edges', () => {
  const pixels = iconPixels(192, 'any')
  assert.equal(pixels.length, 192 * 192 * 3)
  for (const [x, y] of [[0, 0], [191, 0], [0, 191], [191, 191]]) assert.deepEqual(pixelAt(pixels, 192, x!, y!), blue, 'an opaque blue background')
  assert.deepEqual(pixelAt(pixels, 192, 60, 40), [255, 255, 255], 'the page, above its first line')
})

test('a maskable icon keeps its mark inside the central circle a launcher may cut it to', () => {
  const size = 512
  const pixels = iconPixels(size, 'maskable')
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (pixelAt(pixels, size, x, y).every((value, c) => value === blue[c])) continue
      assert.ok(Math.hypot(x + 0.5 - size / 2, y + 0.5 - size / 2) <= 0.4 * size, `(${x}, ${y}) is outside the safe circle`)
    }
  }
})

test('the SVG icon draws the same shapes', () => {
  const svg = iconSvg()
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 100 100">/)
  assert.equal(svg.match(/<rect /g)?.length, 5)
})
