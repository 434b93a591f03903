// Complete answers for each path of the démarche, shared by the tests.
import type { LocalDate } from '../../shared/dates.ts';
import type { Answers } from './answers.ts';
import type { PageContext } from './schemas/field-schemas.ts';

export const date = (iso: string) => iso as LocalDate;

export const ctx: PageContext = { today: date('2025-06-15'), dateNaissance: date('1975-04-02') };

const debut: Answers = { vuMedecinConseil: 'non', nationalite: 'francaise' };
const fin: Answers = {
  accident: 'non',
  autreRegime: 'non',
  travailEtranger: 'non',
  pensions: ['aucune'],
  attestation: 'oui',
};

export const salarie: Answers = {
  ...debut,
  situation: 'salarie',
  plusieursEmployeurs: 'non',
  employeurNom: 'Boulangerie Martin',
  employeurAdresse: '3 rue des Lilas, 69003 Lyon',
  employeurSiret: '73282932000074',
  dateDebutContrat: date('2010-09-01'),
  contratTermine: 'oui',
  dateFinContrat: date('2024-03-03'),
  arretTravail: 'oui',
  dateArretTravail: date('2023-01-10'),
  ...fin,
};

export const multiEmployeurs: Answers = { ...debut, situation: 'salarie', plusieursEmployeurs: 'oui' };

export const chomage: Answers = { ...debut, situation: 'chomage', ...fin };

export const autre: Answers = { ...debut, situation: 'autre', situationAutre: 'Étudiant', ...fin };

export const nonSalarie: Answers = {
  ...debut,
  situation: 'non-salarie',
  dateImmatriculation: date('2012-05-01'),
  activiteCessee: 'non',
  conjointCollaborateur: 'non',
  activite: 'Plomberie',
  adresseProfessionnelle: '8 avenue Jean Jaurès, 13001 Marseille',
  ...fin,
};

export const nonSalarieConjoint: Answers = {
  ...nonSalarie,
  activiteCessee: 'oui',
  dateCessation: date('2024-12-31'),
  conjointCollaborateur: 'oui',
  chefEntrepriseNom: 'Paul Durand',
  conjointStatut: 'collaborateur',
  conjointDateDebut: date('2012-05-01'),
};
