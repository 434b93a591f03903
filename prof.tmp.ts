import { renderCerfa } from './src/documents/cerfa/render-cerfa.ts'
import { nonSalarieConjoint } from './src/demarche/domain/test-fixtures.ts'
const identity = { id: 'x', nir: '278047511304789', nom: 'Lefèvre', prenoms: 'Sophie Anne', dateNaissance: '1978-04-12', caisseCode: '974', email: 'a@b.fr', telephone: '0639981234', adresse: { ligne: '14 rue Gabriel Péri', codePostal: '97400', commune: 'Saint-Denis', pays: 'France' } }
const input = { numero: 'PI-2026-0000001', receivedAt: new Date('2025-12-31T23:30:00Z'), channel: 'web-mobile', organisme: { code: '974', name: 'CGSS de La Réunion' }, submitted: { identity, answers: nonSalarieConjoint, documents: [{ kind: 'avis-imposition' as const, displayName: 'avis.pdf' }] } }
for (let i = 0; i < 30; i++) await renderCerfa(input)
const N = 300
let t = performance.now()
for (let i = 0; i < N; i++) await renderCerfa(input)
console.log('warm avg render', (performance.now() - t) / N)
const c0 = process.cpuUsage()
for (let i = 0; i < N; i++) await renderCerfa(input)
const c = process.cpuUsage(c0)
console.log('cpu avg ms', (c.user + c.system) / 1000 / N)
