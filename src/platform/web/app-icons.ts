// The application's icon: a white page with three lines of text on the design system's blue, a
// neutral mark (no crown, no ameli logo). Drawn from a few rounded rectangles, as SVG and as the
// pixels of the PNGs that scripts/build-assets.ts writes into /assets/icones/.

export const BRAND_BLUE = '#1d70b8'
export const PAGE_WHITE = '#ffffff'

export const ICONS_PATH = '/assets/icones'

export type IconPurpose = 'any' | 'maskable'
export type RasterIcon = { file: string; size: number; purpose: IconPurpose }

/** The PNGs of the manifest; a maskable icon keeps its mark inside the central safe circle. */
export const manifestIcons: RasterIcon[] = [
  { file: 'icone-192.png', size: 192, purpose: 'any' },
  { file: 'icone-512.png', size: 512, purpose: 'any' },
  { file: 'icone-maskable-512.png', size: 512, purpose: 'maskable' },
]
/** The home-screen icon of iOS, which rounds the corners itself. */
export const appleTouchIcon: RasterIcon = { file: 'apple-touch-icon.png', size: 180, purpose: 'any' }
export const SVG_ICON = 'icone.svg'

// In a square of side 1. x, y: top left corner.
type RoundedRect = { x: number; y: number; width: number; height: number; radius: number; colour: string }

function shapes(purpose: IconPurpose): RoundedRect[] {
  // The page's corners are 0.39 from the centre; a maskable icon may be cut to a circle of 0.4.
  const scale = purpose === 'maskable' ? 0.8 : 1
  const at = (x: number, y: number, width: number, height: number, radius: number, colour: string): RoundedRect => ({
    x: 0.5 + (x - 0.5) * scale, y: 0.5 + (y - 0.5) * scale, width: width * scale, height: height * scale, radius: radius * scale, colour,
  })
  return [
    { x: 0, y: 0, width: 1, height: 1, radius: 0, colour: BRAND_BLUE },
    at(0.28, 0.18, 0.44, 0.64, 0.05, PAGE_WHITE),
    at(0.36, 0.33, 0.28, 0.06, 0.03, BRAND_BLUE),
    at(0.36, 0.47, 0.28, 0.06, 0.03, BRAND_BLUE),
    at(0.36, 0.61, 0.18, 0.06, 0.03, BRAND_BLUE),
  ]
}

export function iconSvg(): string {
  const at = (value: number) => Number((value * 100).toFixed(2))
  const rects = shapes('any').map((r) => `<rect x="${at(r.x)}" y="${at(r.y)}" width="${at(r.width)}" height="${at(r.height)}"${r.radius ? ` rx="${at(r.radius)}"` : ''} fill="${r.colour}"/>`)
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">${rects.join('')}</svg>\n`
}

/** size × size pixels, 3 bytes each (RGB), edges smoothed by the distance to each shape. */
export function iconPixels(size: number, purpose: IconPurpose): Uint8Array {
  const layers = shapes(purpose).map((shape) => ({ shape, rgb: rgbOf(shape.colour) }))
  const pixels = new Uint8Array(size * size * 3)
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const x = (column + 0.5) / size
      const y = (row + 0.5) / size
      const colour = [0, 0, 0]
      for (const { shape, rgb } of layers) {
        const cover = Math.min(1, Math.max(0, 0.5 - distanceTo(shape, x, y) * size))
        for (let c = 0; c < 3; c++) colour[c] = colour[c]! * (1 - cover) + rgb[c]! * cover
      }
      pixels.set(colour.map(Math.round), (row * size + column) * 3)
    }
  }
  return pixels
}

// Signed distance from a point to a rounded rectangle: negative inside.
function distanceTo(r: RoundedRect, x: number, y: number): number {
  const qx = Math.abs(x - (r.x + r.width / 2)) - (r.width / 2 - r.radius)
  const qy = Math.abs(y - (r.y + r.height / 2)) - (r.height / 2 - r.radius)
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r.radius
}

function rgbOf(hex: string): number[] {
  return [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16))
}
