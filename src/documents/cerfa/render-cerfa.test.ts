import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { extractText, getDocumentProxy } from 'unpdf'
import type { AnswerField, Answers } from '../../demarche/domain/answers.ts'
import { fieldLabel } from '../../demarche/domain/labels.ts'
import { formatAnswer } from '../../demarche/domain/recapitulatif.ts'
import { date, nonSalarieConjoint, salarie } from '../../demarche/domain/test-fixtures.ts'
import type { SubmittedSnapshot } from '../demande-copy-pdf.ts'
import { ACCIDENT_TIERS_SECTION_TITLE, cerfaSectionsLayout, type CerfaInput } from './cerfa-layout.ts'
import { renderCerfa } from './render-cerfa.ts'

const identity: SubmittedSnapshot['identity'] = {
  id: '00000000-0000-4000-8000-000000000001',
  nir: '278047511304789',
  nom: 'Lefèvre',
  prenoms: 'Sophie Anne',
  dateNaissance: '1978-04-12',
  caisseCode: '974',
  email: 'sophie.lefevre@example.fr',
  telephone: '06 92 12 34 56',
  adresse: { ligne: '14 rue de la Réunion', codePostal: '97400', commune: 'Saint-Denis', pays: 'France' },
}

// Every branch of the salarié path opened: a foreign nationality, an accident caused by a third
// party, another régime paying a pension, work abroad, every pension.
const salarieComplet: Answers = {
  ...salarie,
  vuMedecinConseil: 'oui',
  nationalite: 'autre',
  agdref: '7501234567',
  employeurNom: 'Boulangerie du Canal Saint-Denis',
  employeurAdresse: '3 quai de Seine, 93200 Saint-Denis',
  accident: 'oui',
  dateAccident: date('2022-11-05'),
  accidentTiers: 'oui',
  autreRegime: 'oui',
  autreRegimeNom: 'Mutualité sociale agricole',
  autreRegimeDateDebut: date('2001-09-01'),
  autreRegimeDateFin: date('2009-08-31'),
  autreRegimePension: 'oui',
  travailEtranger: 'oui',
  travailEtrangerDetails: 'Belgique, de mars 2010 à juin 2014 ; Espagne, en 2016',
  pensions: ['rente-at-mp', 'pension-autre-regime', 'pension-militaire'],
}

const conjointCollaborateur: Answers = {
  ...nonSalarieConjoint,
  activite: 'Boulangerie du Canal Saint-Denis',
  adresseProfessionnelle: '12 rue de la Réunion, 97400 Saint-Denis',
  chefEntrepriseNom: 'Paul Lefèvre',
  conjointDateFin: date('2024-12-31'),
}

const documentsOf = (...kinds: Array<[SubmittedSnapshot['documents'][number]['kind'], string]>) =>
  kinds.map(([kind, displayName]) => ({ kind, displayName }))

function input(answers: Answers, documents = documentsOf(['avis-imposition', 'avis-impôt-2026-page-1.jpg'])): CerfaInput {
  return {
    numero: 'PI-2026-0000042',
    // Half past midnight on 1 January 2026 in Paris, still 2025 in UTC.
    receivedAt: new Date('2025-12-31T23:30:00Z'),
    channel: 'web-mobile',
    organisme: { code: '974', name: 'CGSS de La Réunion' },
    submitted: { identity, answers, documents },
  }
}

/** The text a GED or an agent's tool reads from the PDF, its lines joined and spaces collapsed. */
async function textOf(pdf: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true })
  return text.replace(/\s+/g, ' ')
}

/** Each answer as the Cerfa writes it, a line at a time (an address, several pensions). */
function answerLines(answers: Answers): string[] {
  return (Object.entries(answers) as Array<[AnswerField, string | string[]]>)
    .filter(([field]) => field !== 'attestation')
    .flatMap(([field, value]) => formatAnswer(field, value).split('\n'))
}

function assertHolds(text: string, expected: readonly string[]): void {
  const missing = expected.filter((value) => !text.includes(value))
  assert.deepEqual(missing, [], `absent du texte extrait : ${missing.join(' | ')}`)
}

const header = ['PI-2026-0000042', '1er janvier 2026 à 00 h 30', 'Téléservice — smartphone', 'CGSS de La Réunion (974)']
const identityValues = ['2 78 04 75 113 047 89', 'Lefèvre', 'Sophie Anne', '12 avril 1978', '14 rue de la Réunion', '97400 Saint-Denis', '06 92 12 34 56', 'sophie.lefevre@example.fr']

describe('renderCerfa', () => {
  it('carries every answer of a full salarié path, the header and the files, accents included', async () => {
    const documents = documentsOf(
      ['avis-imposition', 'avis-impôt-2026-page-1.jpg'],
      ['avis-imposition', 'avis-impôt-2026-page-2.jpg'],
      ['titre-sejour', 'titre-de-séjour.pdf'],
      ['notification-rente', 'rente-AT.pdf'],
      ['notification-pension', 'pension-MSA.pdf'],
      ['pension-militaire', 'pension-militaire.pdf'],
    )
    const text = await textOf(await renderCerfa(input(salarieComplet, documents)))
    assertHolds(text, [
      "Demande de pension d'invalidité",
      'cerfa n° 11174*05 — S4150 (formulaire reconstitué à partir du téléservice)',
      'Cadre réservé à la caisse',
      ...header,
      ...identityValues,
      ...answerLines(salarieComplet),
      'Boulangerie du Canal Saint-Denis',
      "D'un autre pays",
      '7501234567',
      '5 novembre 2022',
      ...documents.map((document) => document.displayName),
      "Je certifie sur l'honneur l'exactitude des informations déclarées dans cette demande.",
      'article 441-1 du code pénal',
    ])
    assert.ok(text.includes(`3. ${ACCIDENT_TIERS_SECTION_TITLE}`), 'the section title of the paper form, word for word')
    assert.ok(text.includes('Demande n° PI-2026-0000042'), 'every page footed with the numéro')
  })

  it('carries every answer of a non-salarié conjoint collaborateur', async () => {
    const text = await textOf(await renderCerfa(input(conjointCollaborateur)))
    assertHolds(text, [
      ...header,
      ...identityValues,
      ...answerLines(conjointCollaborateur),
      'Travailleur indépendant (non salarié)',
      'Boulangerie du Canal Saint-Denis',
      '12 rue de la Réunion, 97400 Saint-Denis',
      'Paul Lefèvre',
      'Conjoint collaborateur',
      '31 décembre 2024',
      'avis-impôt-2026-page-1.jpg',
    ])
    assert.ok(!text.includes('Activité salariée'), 'no employer block for a non-salarié')
  })

  it('prints nothing of a branch not taken', async () => {
    // A stale draft: salarié with an employer, a foreign nationality, an accident, then changed.
    const switched: Answers = { ...salarieComplet, situation: 'chomage', nationalite: 'francaise', accident: 'non', autreRegime: 'non', travailEtranger: 'non' }
    const text = await textOf(await renderCerfa(input(switched)))
    assertHolds(text, ["Au chômage (demandeur d'emploi)", 'Française', fieldLabel.accident])
    for (const stale of [
      'Boulangerie du Canal Saint-Denis', '3 quai de Seine', '73282932000074', 'Activité salariée', fieldLabel.employeurNom,
      fieldLabel.plusieursEmployeurs, '7501234567', fieldLabel.agdref, '5 novembre 2022', fieldLabel.dateAccident,
      'Mutualité sociale agricole', 'Belgique', fieldLabel.conjointCollaborateur,
    ]) {
      assert.ok(!text.includes(stale), `« ${stale} » ne devrait pas figurer sur le Cerfa`)
    }
  })

  it('names its channel, and keeps an unknown one as recorded', async () => {
    const channels = { 'web-ordinateur': 'ordinateur', 'web-tablette': 'tablette', borne: 'borne multi-services', api: 'application mobile' }
    for (const [channel, words] of Object.entries(channels)) {
      assert.ok((await textOf(await renderCerfa({ ...input(salarie), channel }))).includes(`Téléservice — ${words}`), channel)
    }
    assert.ok((await textOf(await renderCerfa({ ...input(salarie), channel: 'guichet' }))).includes('Canal de dépôt guichet'))
  })

  it('says what it is in its metadata, in French', async () => {
    const pdf = await getDocumentProxy(new Uint8Array(await renderCerfa(input(salarie))))
    const info: Record<string, unknown> = Object.fromEntries(Object.entries((await pdf.getMetadata()).info))
    assert.equal(info.Title, "Demande de pension d'invalidité n° PI-2026-0000042 — cerfa n° 11174*05 (S4150) reconstitué")
    assert.match(String(info.Subject), /Cerfa S4150 \(n° 11174\*05\) reconstitué/)
    assert.equal(info.Language, 'fr-FR')
  })

  it('places each answer of the démarche in one section of the form', () => {
    const placed = cerfaSectionsLayout.flatMap((section) => (section.kind === 'answers' ? section.blocks.flatMap((block) => block.fields) : []))
    const everyField = Object.keys(fieldLabel).filter((field) => field !== 'attestation')
    assert.deepEqual([...placed].sort(), [...everyField].sort())
    assert.equal(new Set(placed).size, placed.length, 'no answer printed twice')
  })

  it('renders a Cerfa in a few milliseconds', async (t) => {
    const full = input(salarieComplet)
    for (let i = 0; i < 10; i++) await renderCerfa(full)
    const runs = 50
    const started = performance.now()
    const cpu = process.cpuUsage()
    for (let i = 0; i < runs; i++) await renderCerfa(full)
    const { user, system } = process.cpuUsage(cpu)
    t.diagnostic(`Cerfa reconstitué : ${((performance.now() - started) / runs).toFixed(1)} ms par document (temps écoulé), ${((user + system) / 1000 / runs).toFixed(1)} ms de CPU (moyenne de ${runs})`)
  })
})
