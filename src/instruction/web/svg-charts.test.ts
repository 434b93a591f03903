import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { barChartSvg, barWidth, NO_DATA } from './svg-charts.ts'

const chart = (bars: Array<{ label: string; value: number }>, formatValue?: (value: number) => string) =>
  barChartSvg({ id: 'essai', title: 'Demandes reçues', description: 'Par semaine', bars, formatValue })

const widths = (svg: string) => [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((match) => Number(match[1]))

describe('barChartSvg', () => {
  it('scales the bars to the largest value', () => {
    const svg = chart([{ label: 'a', value: 4 }, { label: 'b', value: 2 }, { label: 'c', value: 0 }])
    const [a, b, c] = widths(svg)
    assert.ok(a! > 0)
    assert.equal(a, barWidth(4, 4))
    assert.equal(b, a! / 2)
    assert.equal(c, 0)
  })

  it('is an image named by its title and described by its description', () => {
    const svg = chart([{ label: 'a', value: 1 }])
    assert.match(svg, /^<svg [^>]*role="img" aria-labelledby="essai-titre" aria-describedby="essai-description"/)
    assert.match(svg, /<title id="essai-titre">Demandes reçues<\/title><desc id="essai-description">Par semaine<\/desc>/)
  })

  it('writes each label and each formatted value', () => {
    const svg = chart([{ label: 'Reçue', value: 12.5 }], (value) => `${value} jours`)
    assert.match(svg, />Reçue<\/text>/)
    assert.match(svg, />12.5 jours<\/text>/)
  })

  it('escapes labels, title and description', () => {
    const svg = barChartSvg({ id: 'x', title: 'A & <b>', description: '"d" \'e\'', bars: [{ label: '<script>alert(1)</script>', value: 1 }] })
    assert.doesNotMatch(svg, /<script>|<b>/)
    assert.match(svg, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
    assert.match(svg, /A &amp; &lt;b&gt;/)
    assert.match(svg, /&quot;d&quot; &#39;e&#39;/)
  })

  it('says « Aucune donnée » when there is nothing to draw', () => {
    for (const bars of [[], [{ label: 'a', value: 0 }, { label: 'b', value: 0 }]]) {
      const svg = chart(bars)
      assert.equal(widths(svg).length, 0, 'no bar')
      assert.match(svg, new RegExp(`>${NO_DATA}</text>`))
      assert.match(svg, new RegExp(`<desc id="essai-description">${NO_DATA}.</desc>`))
    }
  })

  it('draws nothing below zero and ignores a value that is not a number', () => {
    const [a, b, c] = widths(chart([{ label: 'a', value: -3 }, { label: 'b', value: Number.NaN }, { label: 'c', value: 2 }]))
    assert.deepEqual([a, b], [0, 0])
    assert.ok(c! > 0)
  })
})
