/**
 * Demo accounts of the built-in identity provider. Fictional people: every NIR has a valid key
 * and matches its birthdate; phone numbers are in the range ARCEP reserves for fiction.
 */

export const DEMO_PASSWORD = 'demo';

export interface PostalAddress {
  street_address: string;
  postal_code: string;
  locality: string;
  country: 'France';
}

/** Claims released to relying parties, named as in OpenID Connect plus the `ameli` scope. */
export interface AssureClaims {
  given_name: string;
  family_name: string;
  birthdate: string;
  nir: string;
  email: string;
  phone_number: string;
  address: PostalAddress;
  /** Code of the assuré's caisse: the département code ('93', '974', '2B'…). */
  caisse: string;
}

export interface DemoAssure {
  sub: string;
  login: string;
  password: string;
  kind: 'assure';
  /** Shown on the demo sign-in page so that testers pick the right person for a scenario. */
  persona: string;
  claims: AssureClaims;
}

/** Claims of a caisse agent, as the caisse's single sign-on would give them (scope `agent`). */
export interface AgentClaims {
  given_name: string;
  family_name: string;
  role: 'accueil' | 'technicien' | 'superviseur';
  /** Code of the organisme instructeur: 'CRAMIF', or the caisse code ('69', '974'…). */
  organisme: string;
}

export interface DemoAgent {
  sub: string;
  login: string;
  password: string;
  kind: 'agent';
  persona: string;
  claims: AgentClaims;
}

/** Union of every kind of demo account. */
export type DemoAccount = DemoAssure | DemoAgent;

export const demoAssures = (): DemoAssure[] => demoAccounts.filter((a): a is DemoAssure => a.kind === 'assure');

export const demoAccounts: readonly DemoAccount[] = [
  {
    sub: 'demo-assure-93',
    login: 'assure.93',
    password: DEMO_PASSWORD,
    kind: 'assure',
    persona: 'Française, salariée, Seine-Saint-Denis',
    claims: {
      given_name: 'Sophie Anne',
      family_name: 'Lefèvre',
      birthdate: '1978-04-12',
      nir: '278047511304789',
      email: 'sophie.lefevre@example.fr',
      phone_number: '06 39 98 12 34',
      address: {
        street_address: '14 rue Gabriel Péri',
        postal_code: '93200',
        locality: 'Saint-Denis',
        country: 'France',
      },
      caisse: '93',
    },
  },
  {
    sub: 'demo-assure-69',
    login: 'assure.69',
    password: DEMO_PASSWORD,
    kind: 'assure',
    persona: 'Né au Maroc, hors Union européenne, conjoint collaborateur d’un indépendant, Rhône',
    claims: {
      given_name: 'Youssef',
      family_name: 'Amrani',
      birthdate: '1971-09-23',
      nir: '171099935021211',
      email: 'youssef.amrani@example.org',
      phone_number: '06 39 98 45 61',
      address: {
        street_address: '8 rue Francis de Pressensé',
        postal_code: '69100',
        locality: 'Villeurbanne',
        country: 'France',
      },
      caisse: '69',
    },
  },
  {
    sub: 'demo-assure-974',
    login: 'assure.974',
    password: DEMO_PASSWORD,
    kind: 'assure',
    persona: 'Née au Portugal, ressortissante de l’Union européenne, demandeuse d’emploi, La Réunion',
    claims: {
      given_name: 'Maria Helena',
      family_name: 'Ferreira',
      birthdate: '1985-02-17',
      nir: '285029913908888',
      email: 'maria.ferreira@example.org',
      phone_number: '06 39 98 70 22',
      address: {
        street_address: '27 rue Jean Chatel',
        postal_code: '97400',
        locality: 'Saint-Denis',
        country: 'France',
      },
      caisse: '974',
    },
  },
  {
    sub: 'demo-assure-77',
    login: 'assure.77',
    password: DEMO_PASSWORD,
    kind: 'assure',
    persona: 'Français, salarié, Seine-et-Marne',
    claims: {
      given_name: 'Thomas',
      family_name: 'Girard',
      birthdate: '1969-11-03',
      nir: '169117728813553',
      email: 'thomas.girard@example.fr',
      phone_number: '06 39 98 31 07',
      address: {
        street_address: '5 rue du Grand Cerf',
        postal_code: '77100',
        locality: 'Meaux',
        country: 'France',
      },
      caisse: '77',
    },
  },
  {
    sub: 'demo-assure-2b',
    login: 'assure.2b',
    password: DEMO_PASSWORD,
    kind: 'assure',
    persona: 'Française, née à Ajaccio (Corse-du-Sud), travailleuse indépendante, Haute-Corse',
    claims: {
      given_name: 'Marie-Laure',
      family_name: 'Santoni',
      birthdate: '1974-06-30',
      nir: '274062A00406141',
      email: 'marie-laure.santoni@example.fr',
      phone_number: '06 39 98 58 90',
      address: {
        street_address: '3 boulevard Paoli',
        postal_code: '20200',
        locality: 'Bastia',
        country: 'France',
      },
      caisse: '2B',
    },
  },
  {
    sub: 'demo-agent-accueil-cramif',
    login: 'accueil.cramif',
    password: DEMO_PASSWORD,
    kind: 'agent',
    persona: "Agent d'accueil, CRAMIF (Île-de-France)",
    claims: { given_name: 'Nadia', family_name: 'Belkacem', role: 'accueil', organisme: 'CRAMIF' },
  },
  {
    sub: 'demo-agent-technicien-cramif',
    login: 'technicien.cramif',
    password: DEMO_PASSWORD,
    kind: 'agent',
    persona: "Technicien invalidité, CRAMIF (Île-de-France)",
    claims: { given_name: 'Julien', family_name: 'Moreau', role: 'technicien', organisme: 'CRAMIF' },
  },
  {
    sub: 'demo-agent-superviseur-cramif',
    login: 'superviseur.cramif',
    password: DEMO_PASSWORD,
    kind: 'agent',
    persona: "Superviseure, CRAMIF (Île-de-France)",
    claims: { given_name: 'Claire', family_name: 'Dubois', role: 'superviseur', organisme: 'CRAMIF' },
  },
  {
    sub: 'demo-agent-technicien-69',
    login: 'technicien.69',
    password: DEMO_PASSWORD,
    kind: 'agent',
    persona: "Technicien invalidité, CPAM du Rhône",
    claims: { given_name: 'Karim', family_name: 'Haddad', role: 'technicien', organisme: '69' },
  },
  {
    sub: 'demo-agent-superviseur-69',
    login: 'superviseur.69',
    password: DEMO_PASSWORD,
    kind: 'agent',
    persona: "Superviseure, CPAM du Rhône",
    claims: { given_name: 'Anne', family_name: 'Perrin', role: 'superviseur', organisme: '69' },
  },
  {
    sub: 'demo-agent-accueil-69',
    login: 'accueil.69',
    password: DEMO_PASSWORD,
    kind: 'agent',
    persona: "Agent d'accueil, CPAM du Rhône",
    claims: { given_name: 'Lucas', family_name: 'Bernard', role: 'accueil', organisme: '69' },
  },
  {
    sub: 'demo-agent-technicien-974',
    login: 'technicien.974',
    password: DEMO_PASSWORD,
    kind: 'agent',
    persona: "Technicienne invalidité, CGSS de La Réunion",
    claims: { given_name: 'Josiane', family_name: 'Payet', role: 'technicien', organisme: '974' },
  },
  {
    sub: 'demo-agent-technicien-77',
    login: 'technicien.77',
    password: DEMO_PASSWORD,
    kind: 'agent',
    persona: "Technicien invalidité, CPAM de Seine-et-Marne",
    claims: { given_name: 'Paul', family_name: 'Lemoine', role: 'technicien', organisme: '77' },
  },
];
